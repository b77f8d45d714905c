/**
 * The `prefect` command tree from the CLI reference: exact lookup (with or without the
 * leading `prefect`, ignoring arguments and flags typed after the command), closest
 * candidates for a mistyped command, and ranking commands for a task in plain words.
 */
import { fuzzyShare, prefixMatches, processTerm, tokenize } from '../docs-model/search-index.js';
import { CompactIndex } from './compact-index.js';
import type { CliCommandInfo } from '../docs-model/schema.js';

export interface CliLookup {
  info: CliCommandInfo;
  /** Words after the command that were not part of it (arguments the user typed). */
  rest: string[];
}

/** Field boosts of the command index. */
const COMMAND_BOOSTS = { name: 3, description: 2, parameters: 1 };

/** Per-word options of {@link CliCatalog.scored}, as MiniSearch's search options name them. */
export interface CommandSearchOptions {
  /** Multiplies a query word's score (default 1). */
  boostTerm?: (term: string) => number;
  /** The word's typo tolerance: a share of its length below 1, else a number of edits (default: fuzzyShare). */
  fuzzy?: (term: string) => number | false;
}

/** 'prefect deployment run x --p 1', 'deployment run' → ['prefect', 'deployment', 'run', 'x']. Full-width letters fold (NFKC). */
export function commandWords(input: string): string[] {
  const words = input.normalize('NFKC').trim().toLowerCase().split(/\s+/).filter(Boolean);
  const untilFlag = words.findIndex((word) => word.startsWith('-'));
  const plain = untilFlag < 0 ? words : words.slice(0, untilFlag);
  return plain[0] === 'prefect' ? plain : ['prefect', ...plain];
}

export class CliCatalog {
  private readonly byCommand = new Map<string, CliCommandInfo>();
  /** Scored as MiniSearch would (prefix and typo expansions, BM25+ per field), in typed arrays (see CompactIndex). */
  private readonly index: CompactIndex;
  private readonly commands: CliCommandInfo[];
  /** The commands in the ranking index: no alias copies. */
  private readonly originals: CliCommandInfo[];
  /** Commands that have subcommands. */
  private readonly groups: Set<string>;

  /** `isHidden(pagePath)`: pages outside the site navigation, where alias copies live. */
  constructor(commands: CliCommandInfo[], isHidden: (pagePath: string) => boolean = () => false) {
    this.commands = commands;
    this.groups = new Set(commands.flatMap((command) => (command.parent === null ? [] : [command.parent])));
    for (const command of commands) this.byCommand.set(command.command, command);
    const copies = aliasCopies(commands, isHidden);
    this.originals = commands.filter((command) => !command.aliasOf && !copies.has(command));
    // Alias copies (`prefect blocks`) would only duplicate their original in rankings.
    this.index = CompactIndex.build(
      commands.flatMap((command, id) =>
        command.aliasOf || copies.has(command)
          ? []
          : [
              {
                id,
                name: command.command.replace(/^prefect\s*/, ''),
                description: command.description,
                parameters: [...command.arguments, ...command.options].map((field) => `${field.name} ${field.help}`).join('\n'),
              },
            ],
      ),
      Object.keys(COMMAND_BOOSTS),
    );
  }

  get size(): number {
    return this.commands.length;
  }

  all(): CliCommandInfo[] {
    return this.commands;
  }

  /** Commands without their alias copies. */
  indexed(): CliCommandInfo[] {
    return this.originals;
  }

  /** The longest known command at the start of the input. */
  lookup(input: string): CliLookup | undefined {
    const words = commandWords(input);
    for (let length = words.length; length >= 2; length--) {
      const info = this.byCommand.get(words.slice(0, length).join(' '));
      if (info) return { info, rest: words.slice(length) };
    }
    return undefined;
  }

  exact(command: string): CliCommandInfo | undefined {
    return this.byCommand.get(commandWords(command).join(' '));
  }

  subcommands(command: string): CliCommandInfo[] {
    const parent = command === 'prefect' ? null : command;
    return this.commands.filter((candidate) => candidate.parent === parent && (parent !== null || candidate.command !== 'prefect'));
  }

  /** Closest commands by spelling (never ones that merely share a topic: `cloud login` must not suggest `sdk generate`). */
  candidates(input: string, limit = 5): string[] {
    return nameCandidates(commandWords(input), this.originals.map((command) => command.command), limit);
  }

  search(task: string, limit = 5): CliCommandInfo[] {
    return this.scored(task, limit).map(({ info }) => info);
  }

  /** Commands for a task with their relevance scores (same scale as the docs chunk index). */
  scored(task: string, limit = 5, options: CommandSearchOptions = {}): Array<{ info: CliCommandInfo; score: number }> {
    const terms = tokenize(task)
      .map(processTerm)
      .filter((term): term is string => !!term);
    const scored = this.index.score(
      terms.map((term) => ({ term, boost: options.boostTerm?.(term) ?? 1, prefix: prefixMatches(term), fuzzy: options.fuzzy ? options.fuzzy(term) : fuzzyShare(term) })),
      COMMAND_BOOSTS,
    );
    const hits = Array.from({ length: scored.count }, (_, i) => ({ id: this.index.ids[scored.docs[i]!] as number, score: scored.scores[i]! })).sort((a, b) => b.score - a.score);
    // A leaf command does the task; its group only lists commands.
    const ranked = hits.map((hit) => {
      const info = this.commands[hit.id]!;
      const isGroup = this.groups.has(info.command);
      return { info, score: hit.score * (isGroup ? 0.7 : 1) };
    });
    return ranked.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/**
 * Commands that duplicate another command under an alias name (same description,
 * arguments and options; `prefect blocks ls` for `prefect block ls`) even when the store
 * did not mark them: the copy is the one on a page outside the navigation, or the longer name.
 */
function aliasCopies(commands: CliCommandInfo[], isHidden: (pagePath: string) => boolean): Set<CliCommandInfo> {
  const signature = (c: CliCommandInfo) => JSON.stringify([c.command.split(' ').length, c.command.split(' ').pop(), c.description, c.arguments, c.options]);
  const groups = new Map<string, CliCommandInfo[]>();
  // Marked aliases are settled by the indexer (markAliases); only unmarked duplicates are grouped here.
  for (const command of commands.filter((c) => !c.aliasOf)) groups.set(signature(command), [...(groups.get(signature(command)) ?? []), command]);
  const copies = new Set<CliCommandInfo>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [original] = [...group].sort((a, b) => Number(isHidden(a.pagePath)) - Number(isHidden(b.pagePath)) || a.command.length - b.command.length);
    for (const command of group) if (command !== original) copies.add(command);
  }
  return copies;
}

/**
 * Command names that look like the typed words: each typed word against the name's word at the
 * same depth, within a typo budget that grows with the input's length.
 */
export function nameCandidates(words: string[], names: string[], limit = 5): string[] {
  const typed = words[0] === 'prefect' ? words.slice(1) : words;
  const budget = Math.max(1, Math.floor(typed.join(' ').length / 4));
  return [...new Set(names)]
    .map((name) => {
      const parts = name.split(' ').slice(1);
      let distance = Math.max(0, parts.length - typed.length) * 2;
      // A distance is at least the difference in length: words far from the name's length are not compared.
      for (let i = 0; i < typed.length && distance <= budget; i++) {
        const part = parts[i] ?? '';
        const gap = Math.abs(typed[i]!.length - part.length);
        distance += gap > budget ? gap : editDistance(typed[i]!, part);
      }
      return { name, distance };
    })
    .filter(({ distance }) => distance <= budget)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
