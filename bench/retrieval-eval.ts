/**
 * Retrieval quality of search_docs per eval file and per intent, in one in-process run:
 * Recall@5 (the grade-3 page in the top 5), MRR and hit@1 for
 *   - ours, as shipped (the default ranking parameters);
 *   - ours, 2-fold cross-validated: each half of the questions (split by a seeded hash of the
 *     question id) is scored with the parameters that did best on the other half, chosen from
 *     a small grid of the ranking's tunable weights, so that weights fitted to the dev
 *     questions show up as a gap between the plain and the cross-validated figure;
 *   - a naive page-level BM25 over the raw MDX files (the floor).
 * Also the search_docs tool's in-process latency and its text response bytes, by default and
 * with passages.
 *
 *   node dist/bench/retrieval-eval.js [--db store.sqlite] [--source docs-dir] [--verbose]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../src/config/resolve.js';
import { DEFAULT_RANKING, type RankingParams } from '../src/docs/search.js';
import { DocsService } from '../src/docs/service.js';
import { packageRoot } from '../src/paths.js';
import type { ToolContext } from '../src/tools/define-tool.js';
import { searchDocs } from '../src/tools/docs/search-docs.js';
import { summarize, type Summary } from './stats.js';

const EVAL_DIR = resolve(packageRoot, '..', 'shared', 'eval');
const DEV_SETS = ['real-user-dev.jsonl', 'dev-docs-questions.jsonl'];

/** The dev sets, then every other question set placed beside them (held-out sets are measured the same way). */
export const EVAL_FILES: string[] = [
  ...DEV_SETS,
  ...(existsSync(EVAL_DIR) ? readdirSync(EVAL_DIR) : []).filter((name) => name.endsWith('.jsonl') && !DEV_SETS.includes(name)).sort(),
]
  .map((name) => join(EVAL_DIR, name))
  .filter((file) => readQuestions(file).length > 0);

interface Question {
  id: string;
  query: string;
  intent: string;
  relevant: Array<{ path: string; grade: number }>;
}

export interface Scores {
  n: number;
  recallAt5: number;
  mrr: number;
  hitAt1: number;
}

export interface FileFigures {
  file: string;
  /** Keyed by intent, plus `all`. */
  ours: Record<string, Scores>;
  oursCv: Record<string, Scores>;
  baseline: Record<string, Scores>;
  latencyMs: Summary;
  responseBytes: { avg: number; max: number };
  passagesBytes: { avg: number; max: number };
  misses: Array<{ id: string; intent: string; query: string; expected: string; rank: number | null; top: string[] }>;
}

export interface RetrievalEvalResult {
  files: FileFigures[];
  /** The grid the cross-validation chose from, and what each fold chose. */
  cv: { grid: number; chosen: string[] };
}

/** The graded questions of a JSONL file (lines without a query and a grade-3 page are not questions of this kind). */
export function readQuestions(file: string): Question[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Partial<Question>)
    .filter((q): q is Question => typeof q.query === 'string' && Array.isArray(q.relevant) && q.relevant.some((item) => item.grade === 3));
}

const normal = (path: string) => path.replace(/\/index$/, '').replace(/\/$/, '') || '/';
const expectedOf = (question: Question) => normal(question.relevant.find((item) => item.grade === 3)?.path ?? '');

/** The fold of a question: FNV-1a of its id with a fixed seed, so the split never changes. */
export function foldOf(id: string): 0 | 1 {
  let hash = 0x811c9dc5 ^ 0x5eed;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % 2) as 0 | 1;
}

/** The rank (1-based) of the expected page in a ranked list of page paths, 0 when absent. */
function rankOf(question: Question, paths: string[]): number {
  return paths.map(normal).indexOf(expectedOf(question)) + 1;
}

function aggregate(questions: Question[], ranks: number[]): Record<string, Scores> {
  const groups = new Map<string, number[]>([['all', []]]);
  questions.forEach((question, i) => {
    groups.get('all')!.push(ranks[i]!);
    if (!groups.has(question.intent)) groups.set(question.intent, []);
    groups.get(question.intent)!.push(ranks[i]!);
  });
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return Object.fromEntries(
    [...groups].map(([intent, list]) => [
      intent,
      {
        n: list.length,
        recallAt5: round(list.filter((rank) => rank > 0 && rank <= 5).length / list.length),
        mrr: round(list.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / list.length),
        hitAt1: round(list.filter((rank) => rank === 1).length / list.length),
      },
    ]),
  );
}

/**
 * The grid of ranking parameters cross-validation chooses from: each tunable weight at its
 * default, lower and higher, one at a time (a full product would be too many to score).
 */
function parameterGrid(): Array<{ label: string; params: RankingParams }> {
  const grid = [{ label: 'default', params: DEFAULT_RANKING }];
  for (const key of Object.keys(DEFAULT_RANKING) as Array<keyof RankingParams>) {
    const value = DEFAULT_RANKING[key];
    for (const factor of [0.5, 1.5]) grid.push({ label: `${key}×${factor}`, params: { ...DEFAULT_RANKING, [key]: value * factor } });
  }
  return grid;
}

/** Naive page-level BM25 over the raw MDX (word tokens, lower case, no stemming, no fields): the floor. */
export class NaiveBm25 {
  private readonly docs: Array<{ path: string; tf: Map<string, number>; length: number }> = [];
  private readonly df = new Map<string, number>();
  private readonly averageLength: number;

  constructor(source: string) {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.mdx') ? [join(dir, entry.name)] : []));
    for (const file of walk(source)) {
      const tokens = NaiveBm25.tokens(readFileSync(file, 'utf8'));
      const tf = new Map<string, number>();
      for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
      for (const term of tf.keys()) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      this.docs.push({ path: `/${relative(source, file).replace(/\.mdx$/, '')}`, tf, length: tokens.length });
    }
    this.averageLength = this.docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, this.docs.length);
  }

  static tokens(text: string): string[] {
    return text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];
  }

  search(query: string, limit: number): string[] {
    const terms = [...new Set(NaiveBm25.tokens(query))];
    const n = this.docs.length;
    return this.docs
      .map((doc) => {
        let score = 0;
        for (const term of terms) {
          const tf = doc.tf.get(term);
          if (!tf) continue;
          const df = this.df.get(term)!;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * doc.length) / this.averageLength));
        }
        return { path: doc.path, score };
      })
      .filter((doc) => doc.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((doc) => doc.path);
  }
}

export async function benchRetrieval(dbPath: string, options: { source?: string; files?: string[] } = {}): Promise<RetrievalEvalResult> {
  const config = resolveConfig({ env: { ...process.env, PREFECT_MCP_DOCS_DB: dbPath, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: '' } });
  const docs = new DocsService(config.docs);
  const ctx: ToolContext = { config, docs, prefect: () => { throw new Error('no Prefect API in the retrieval benchmark'); } };
  const textOf = async (args: Record<string, unknown>) => ((await searchDocs.handle(args as never, ctx)) as { text: string }).text;
  const { searcher, store } = docs.require();
  const baseline = new NaiveBm25(options.source ?? resolve(packageRoot, '..', 'shared', 'prefect-docs'));
  const grid = parameterGrid();
  const chosen: string[] = [];
  const pagesOf = (query: string, params: RankingParams, limit = 5) => searcher.search(query, { limit, ranking: params }).map((hit) => hit.path);

  const files: FileFigures[] = [];
  for (const file of options.files ?? EVAL_FILES) {
    const questions = readQuestions(file);
    const ranksBy = (params: RankingParams) => questions.map((question) => rankOf(question, pagesOf(question.query, params)));
    const plain = ranksBy(DEFAULT_RANKING);
    const gridRanks = grid.map(({ params }) => ranksBy(params));
    const mrrOn = (ranks: number[], fold: number) => questions.reduce((sum, question, i) => sum + (foldOf(question.id) === fold && ranks[i]! > 0 ? 1 / ranks[i]! : 0), 0);
    const cvRanks = [...plain];
    for (const fold of [0, 1]) {
      // Fit on the other half (ties keep the earlier, i.e. the default), score this half.
      let best = 0;
      gridRanks.forEach((ranks, g) => {
        if (mrrOn(ranks, 1 - fold) > mrrOn(gridRanks[best]!, 1 - fold) + 1e-9) best = g;
      });
      chosen.push(`${file.split('/').pop()} fold ${fold}: ${grid[best]!.label}`);
      questions.forEach((question, i) => {
        if (foldOf(question.id) === fold) cvRanks[i] = gridRanks[best]![i]!;
      });
    }
    const latencies: number[] = [];
    const sizes: number[] = [];
    const passageSizes: number[] = [];
    for (const question of questions) {
      const started = performance.now();
      const text = await textOf({ query: question.query });
      latencies.push(performance.now() - started);
      sizes.push(Buffer.byteLength(text));
      passageSizes.push(Buffer.byteLength(await textOf({ query: question.query, passages: true })));
    }
    const avg = (list: number[]) => Math.round(list.reduce((a, b) => a + b, 0) / list.length);
    files.push({
      file: file.split('/').pop()!,
      ours: aggregate(questions, plain),
      oursCv: aggregate(questions, cvRanks),
      baseline: aggregate(
        questions,
        questions.map((question) => rankOf(question, baseline.search(question.query, 5))),
      ),
      latencyMs: summarize(latencies),
      responseBytes: { avg: avg(sizes), max: Math.max(...sizes) },
      passagesBytes: { avg: avg(passageSizes), max: Math.max(...passageSizes) },
      misses: questions.flatMap((question, i) => {
        if (plain[i] === 1) return [];
        const deeper = rankOf(question, pagesOf(question.query, DEFAULT_RANKING, 50));
        return [{ id: question.id, intent: question.intent, query: question.query, expected: expectedOf(question), rank: deeper || null, top: pagesOf(question.query, DEFAULT_RANKING, 3) }];
      }),
    });
  }
  store.close();
  return { files, cv: { grid: grid.length, chosen } };
}

/** The figures as a markdown table per eval file. */
export function renderRetrieval(result: RetrievalEvalResult): string {
  const lines: string[] = [];
  const cell = (scores: Scores | undefined) => (scores ? `${scores.recallAt5.toFixed(3)} / ${scores.mrr.toFixed(3)} / ${scores.hitAt1.toFixed(3)}` : '');
  for (const file of result.files) {
    lines.push(
      `#### ${file.file}`,
      '',
      '| intent | n | ours R@5 / MRR / hit@1 | ours 2-fold CV | naive BM25 (floor) |',
      '|---|---:|---|---|---|',
      ...Object.keys(file.ours).map((intent) => `| ${intent} | ${file.ours[intent]!.n} | ${cell(file.ours[intent])} | ${cell(file.oursCv[intent])} | ${cell(file.baseline[intent])} |`),
      '',
      `In-process search latency p50 ${file.latencyMs.median} ms, p95 ${file.latencyMs.p95} ms; text response bytes (5 hits) avg ${file.responseBytes.avg}, max ${file.responseBytes.max}; with passages avg ${file.passagesBytes.avg}, max ${file.passagesBytes.max}.`,
      '',
    );
  }
  lines.push(`Cross-validation chose from ${result.cv.grid} parameter sets: ${result.cv.chosen.join('; ')}.`, '');
  return lines.join('\n');
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dbPath = argument('--db') ?? process.env.PREFECT_MCP_DOCS_DB ?? resolve(packageRoot, 'data', 'prefect-docs.sqlite');
  const result = await benchRetrieval(dbPath, { source: argument('--source') });
  process.stdout.write(renderRetrieval(result));
  if (process.argv.includes('--verbose')) {
    for (const file of result.files) {
      for (const miss of file.misses) process.stdout.write(`miss ${miss.id} [${miss.intent}] rank ${miss.rank ?? '>50'} "${miss.query}" → want ${miss.expected}; got ${miss.top.join(', ')}\n`);
    }
  }
}
