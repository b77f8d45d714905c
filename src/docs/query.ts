/**
 * Query understanding for docs search: which words of a question matter, and what kind of
 * question it is. Real users ask in long sentences ("did the tutorial, now my runs just sit
 * in Late forever"): the few content words, error and state names and identifiers should
 * carry the query, not the conversational filler; a CLI question wants the CLI reference, a
 * configuration question the settings reference.
 */
import { processTerm, tokenize } from '../docs-model/search-index.js';
import { synonymExpansion } from './synonyms.js';

/** A processed query term and how much it counts. */
export interface QueryTerm {
  term: string;
  boost: number;
}

export interface QueryIntent {
  /** Asks for a command, a flag, or says "CLI" / "terminal". */
  cli: boolean;
  /** About settings: a setting, an environment variable, a profile, configuration. */
  config: boolean;
  /** Describes a symptom: something fails, errors, hangs, dies, stays stuck or never happens. */
  symptom: boolean;
}

export interface AnalysedQuery {
  /** The user's own words (filler dropped), each once, weighted by how often the question says it, identifiers up. */
  own: QueryTerm[];
  /** Synonym expansions (old Prefect 2 names, abbreviations), not among the own terms. */
  expansion: string[];
  intent: QueryIntent;
}

/**
 * Conversational words that say nothing about the docs page wanted ("is that ok", "did the
 * tutorial, now ..."); dropped from a question that has other words. Stop words proper are
 * dropped at indexing already (search-index.ts).
 */
const FILLER = new Set(
  (
    'now ok okay tho though still even really actually somebody someone something anything everything thing things stuff ' +
    'anyone please help hi hey thanks basically kind sort maybe seems seem also always ever already yet know think ' +
    'tried trying try able possible recommended usual usually etc lot lots whats dont doesnt cant isnt im ive wont ' +
    'like around wherever whatever going got sure guys instead else just much many very bit currently'
  )
    .split(' ')
    .map((word) => processTerm(word))
    .filter((term): term is string => term !== null),
);

const CONFIG_WORDS = /\b(settings?|env(ironment)? ?var(iable)?s?|configur\w*|profiles?|toml|PREFECT_[A-Z_]+)\b/i;

/**
 * The words people use to describe something going wrong. A symptom is explained by a guide or
 * a concept page (why runs go Late, how zombie runs are detected); the reference pages that
 * merely list the settings or commands involved match such questions by many weak words.
 */
const SYMPTOM_WORDS =
  /\b(fail\w*|errors?|\w+Error|exception|stuck|hang\w*|die[sd]?|crash\w*|never|forever|not|doesn.?t|won.?t|isn.?t|can.?t|broken|why|keeps?|timeout|timed out|killed|late|slow)\b/i;

const CLI_WORDS = /\b(cli|command[- ]line|terminal|shell|command)\b|(^|\s)--[a-z]/i;

/**
 * Code-like tokens name exactly what they mean: `read_flow_runs`, `prefect.yaml`,
 * `PREFECT_API_URL`, `MissingContextError`, `--limit`.
 */
const IDENTIFIER = /[_.]|[a-z][A-Z]|^[A-Z][A-Z0-9_]{2,}$|^--/;

export function analyseQuery(query: string, identifierBoost: number): AnalysedQuery {
  const own = new Map<string, number>();
  for (const raw of query.split(/\s+/)) {
    const boost = IDENTIFIER.test(raw.replace(/^[^\p{L}\p{N}_-]+|[^\p{L}\p{N}_]+$/gu, '')) ? identifierBoost : 1;
    for (const token of tokenize(raw)) {
      const term = processTerm(token);
      if (term !== null) own.set(term, (own.get(term) ?? 0) + boost);
    }
  }
  const content = [...own.keys()].filter((term) => !FILLER.has(term));
  // A question of filler alone ("is it ok?") keeps its words.
  if (content.length > 0) for (const term of own.keys()) if (FILLER.has(term)) own.delete(term);
  const expansion = tokenize(synonymExpansion(query))
    .map(processTerm)
    .filter((term): term is string => term !== null && !own.has(term));
  return {
    own: [...own].map(([term, boost]) => ({ term, boost })),
    expansion: [...new Set(expansion)],
    intent: { cli: CLI_WORDS.test(query), config: CONFIG_WORDS.test(query), symptom: SYMPTOM_WORDS.test(query) },
  };
}
