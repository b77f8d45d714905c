/**
 * How far a store built from the live site's shapes is from the one built from the local
 * checkout: same titles, identical chunk text, same CLI commands, the same commands the guides run
 * (cli_usage: flags and example lines), and no text for agents.
 * Used by the per-variant tests (which assert the targets) and the benchmark (which reports them).
 */
import Database from 'better-sqlite3';
import type { CliUsageExample } from '../../src/docs-model/schema.js';
import { AGENT_TEXT } from './docs-site.js';

export interface StoreParity {
  localPages: number;
  pages: number;
  /** Share of the local build's pages present with the same title (0..1). */
  sameTitle: number;
  /** Share of the local build's pages present with the same keywords, which weigh in ranking (0..1). */
  sameKeywords: number;
  /** Share of the local build's chunks whose text the other build has on the same page (0..1). */
  identicalChunks: number;
  localChunks: number;
  chunks: number;
  sameCliCommands: boolean;
  cliMissing: string[];
  cliExtra: string[];
  /** Guide-run commands (cli_usage) of the local build that the other build lacks, or has in excess. */
  usageMissing: string[];
  usageExtra: string[];
  /** Guide-run commands both builds have whose flags or example lines (page + line) differ. */
  usageDiffering: string[];
  localUsage: number;
  /** Chunks holding the "Documentation Index" preamble, agent instructions or site boilerplate. */
  agentChunks: number;
  /** Up to 5 pages whose title differs, and up to 5 chunk differences, for the failure message. */
  examples: string[];
}

interface StoreRows {
  titles: Map<string, string>;
  /** Page path → its keywords as stored (a JSON list). */
  keywords: Map<string, string>;
  chunks: Map<string, string[]>;
  cli: Set<string>;
  /** Guide-run command → its flags and example lines. */
  usage: Map<string, UsageFacts>;
}

interface UsageFacts {
  /** Flag names, sorted, space-joined. */
  flags: string;
  /** `page: line` per example, sorted, newline-joined. */
  examples: string;
  /** Every example is on the compared pages, so the flags (gathered over all examples) are comparable. */
  allInSample: boolean;
}

interface UsageRow {
  command: string;
  flags: string;
  examples: string;
}

/**
 * What the guides show of each command, as page-relative facts (the URL carries the build's host).
 * Restricted to `only`, a command counts when one of its examples is on those pages, with those examples.
 */
function readUsage(db: Database.Database, only?: ReadonlySet<string>): Map<string, UsageFacts> {
  const usage = new Map<string, UsageFacts>();
  for (const row of db.prepare('SELECT command, flags, examples FROM cli_usage').all() as UsageRow[]) {
    const all = JSON.parse(row.examples) as CliUsageExample[];
    const examples = all.filter((example) => !only || only.has(example.pagePath));
    if (examples.length === 0) continue;
    usage.set(row.command, {
      flags: (JSON.parse(row.flags) as string[]).slice().sort().join(' '),
      examples: examples.map((example) => `${example.pagePath}: ${example.line}`).sort().join('\n'),
      allInSample: examples.length === all.length,
    });
  }
  return usage;
}

/** Same example lines, and the same flags wherever the local build's examples are all on the compared pages. */
function sameUsage(local: UsageFacts, other: UsageFacts): boolean {
  return local.examples === other.examples && (!local.allInSample || local.flags === other.flags);
}

function read(path: string, only?: ReadonlySet<string>): StoreRows {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const pages = db.prepare('SELECT path, title, keywords FROM pages').all() as Array<{ path: string; title: string; keywords: string }>;
    const titles = new Map(pages.map((row) => [row.path, row.title]));
    const keywords = new Map(pages.map((row) => [row.path, row.keywords]));
    const chunks = new Map<string, string[]>();
    for (const row of db.prepare('SELECT p.path, c.markdown FROM chunks c JOIN pages p ON p.id = c.page_id ORDER BY p.path, c.ord').all() as Array<{ path: string; markdown: string }>) {
      const list = chunks.get(row.path) ?? [];
      list.push(row.markdown);
      chunks.set(row.path, list);
    }
    const cli = new Set((db.prepare('SELECT command FROM cli_commands').all() as Array<{ command: string }>).map((row) => row.command));
    if (only) {
      for (const page of [...titles.keys()]) if (!only.has(page)) titles.delete(page);
      for (const page of [...keywords.keys()]) if (!only.has(page)) keywords.delete(page);
      for (const page of [...chunks.keys()]) if (!only.has(page)) chunks.delete(page);
      const cliRows = db.prepare('SELECT command, page_path FROM cli_commands').all() as Array<{ command: string; page_path: string }>;
      return { titles, keywords, chunks, cli: new Set(cliRows.filter((row) => only.has(row.page_path)).map((row) => row.command)), usage: readUsage(db, only) };
    }
    return { titles, keywords, chunks, cli, usage: readUsage(db) };
  } finally {
    db.close();
  }
}

/** `only`: compare just these pages (a site serving a sample of the snapshot). */
export function compareStores(localDb: string, otherDb: string, only?: ReadonlySet<string>): StoreParity {
  const local = read(localDb, only);
  const other = read(otherDb, only);
  const examples: string[] = [];
  let sameTitle = 0;
  for (const [path, title] of local.titles) {
    if (other.titles.get(path) === title) sameTitle++;
    else if (examples.length < 5) examples.push(`title ${path}: ${JSON.stringify(title)} vs ${JSON.stringify(other.titles.get(path) ?? '(missing page)')}`);
  }
  let sameKeywords = 0;
  for (const [path, keywords] of local.keywords) {
    if (other.keywords.get(path) === keywords) sameKeywords++;
    else if (examples.length < 10) examples.push(`keywords ${path}: ${keywords} vs ${other.keywords.get(path) ?? '(missing page)'}`);
  }
  let localChunks = 0;
  let identical = 0;
  let chunkExamples = 0;
  for (const [path, chunks] of local.chunks) {
    const theirs = new Map<string, number>();
    for (const text of other.chunks.get(path) ?? []) theirs.set(text, (theirs.get(text) ?? 0) + 1);
    for (const text of chunks) {
      localChunks++;
      const left = theirs.get(text) ?? 0;
      if (left > 0) {
        identical++;
        theirs.set(text, left - 1);
      } else if (chunkExamples++ < 5) examples.push(`chunk ${path}: ${JSON.stringify(text.slice(0, 160))}`);
    }
  }
  const allOther = [...other.chunks.values()].flat();
  const agentChunks = allOther.filter((text) => AGENT_TEXT.some((marker) => text.toLowerCase().includes(marker.toLowerCase()))).length;
  const cliMissing = [...local.cli].filter((command) => !other.cli.has(command)).sort();
  const cliExtra = [...other.cli].filter((command) => !local.cli.has(command)).sort();
  const usageMissing = [...local.usage.keys()].filter((command) => !other.usage.has(command)).sort();
  const usageExtra = [...other.usage.keys()].filter((command) => !local.usage.has(command)).sort();
  const usageDiffering = [...local.usage].filter(([command, facts]) => other.usage.has(command) && !sameUsage(facts, other.usage.get(command)!)).map(([command]) => command).sort();
  for (const command of usageDiffering.slice(0, 3)) examples.push(`cli_usage ${command}: ${JSON.stringify(local.usage.get(command))} vs ${JSON.stringify(other.usage.get(command))}`);
  return {
    localPages: local.titles.size,
    pages: other.titles.size,
    sameTitle: sameTitle / Math.max(1, local.titles.size),
    sameKeywords: sameKeywords / Math.max(1, local.keywords.size),
    identicalChunks: identical / Math.max(1, localChunks),
    localChunks,
    chunks: allOther.length,
    sameCliCommands: cliMissing.length === 0 && cliExtra.length === 0,
    cliMissing,
    cliExtra,
    usageMissing,
    usageExtra,
    usageDiffering,
    localUsage: local.usage.size,
    agentChunks,
    examples,
  };
}

/** One line of figures, for test output and logs. */
export function describeParity(name: string, parity: StoreParity): string {
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  return `${name}: ${parity.pages}/${parity.localPages} pages, same title ${pct(parity.sameTitle)}, same keywords ${pct(parity.sameKeywords)}, identical chunks ${pct(parity.identicalChunks)} (${parity.chunks} vs ${parity.localChunks} chunks), CLI commands ${parity.sameCliCommands ? 'same' : `differ (missing ${parity.cliMissing.length}, extra ${parity.cliExtra.length})`}, ${describeUsage(parity)}, agent/preamble chunks ${parity.agentChunks}`;
}

/** The guide-run commands (cli_usage) in a few words: 'same' or what differs. */
export function describeUsage(parity: StoreParity): string {
  const differs = parity.usageMissing.length + parity.usageExtra.length + parity.usageDiffering.length > 0;
  return `guide-run commands (${parity.localUsage}) ${differs ? `differ (missing ${parity.usageMissing.length}, extra ${parity.usageExtra.length}, other flags/examples ${parity.usageDiffering.length})` : 'same'}`;
}
