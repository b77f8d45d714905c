/**
 * Retrieval benchmark for the docs tools, over the dev question set:
 * Recall@5 (the grade-3 page in the top 5), MRR, hit@1 per intent, default response size,
 * search_docs latency, CLI questions resolved with their flags, and coverage of the real
 * `prefect` command tree (walked from `--help` of the test bed's virtualenv).
 *
 *   node dist/bench/docs-eval.js [--db store.sqlite] [--questions file.jsonl] [--prefect bin] [--no-coverage] [--verbose]
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { resolveConfig } from '../src/config/resolve.js';
import { DocsService } from '../src/docs/service.js';
import { packageRoot } from '../src/paths.js';
import type { ToolContext, ToolDefinition } from '../src/tools/define-tool.js';
import { getCliHelp } from '../src/tools/docs/get-cli-help.js';
import { searchCli } from '../src/tools/docs/search-cli.js';
import { searchDocs } from '../src/tools/docs/search-docs.js';
import { DEV_QUESTIONS } from '../test/helpers/dev-recall.js';

export { DEV_QUESTIONS };
export const VENV_PREFECT = resolve(packageRoot, '.venv', 'bin', 'prefect');

interface Question {
  id: string;
  query: string;
  intent: string;
  relevant: Array<{ path: string; grade: number }>;
  cli: string | null;
  must_mention: string[];
}

export interface DocsEvalResult {
  questions: number;
  recallAt5: number;
  mrr: number;
  hitAt1ByIntent: Record<string, { hitAt1: number; recallAt5: number; n: number }>;
  avgResponseBytes: number;
  maxResponseBytes: number;
  latencyMs: { p50: number; p95: number };
  cli: Array<{ id: string; cli: string | null; resolved: boolean; via: string; missing: string[] }>;
  misses: Array<{ id: string; query: string; expected: string; rank: number | null; top: string[] }>;
  coverage?: { installedCommands: number; missingFromIndex: string[] } | { error: string };
}

export async function benchDocsEval(
  dbPath: string,
  options: { questionsFile?: string; prefectBin?: string; coverage?: boolean } = {},
): Promise<DocsEvalResult> {
  const questions = readFileSync(options.questionsFile ?? DEV_QUESTIONS, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Question);
  const config = resolveConfig({ env: { ...process.env, PREFECT_MCP_DOCS_DB: dbPath, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: '' } });
  const docs = new DocsService(config.docs);
  const ctx: ToolContext = { config, docs, prefect: () => { throw new Error('no Prefect API in the docs benchmark'); } };
  const call = <T>(tool: ToolDefinition, args: Record<string, unknown>) => tool.handle(args as never, ctx) as Promise<{ data: T; text: string }>;
  const { searcher, store } = docs.require(); // open (and load the index) before timing

  let reciprocal = 0;
  let recalled = 0;
  const byIntent: Record<string, { hits: number; recalled: number; n: number }> = {};
  const sizes: number[] = [];
  const latencies: number[] = [];
  const misses: DocsEvalResult['misses'] = [];
  for (const question of questions) {
    const expected = question.relevant.find((item) => item.grade === 3)?.path.replace(/\/index$/, '');
    const started = performance.now();
    const { data, text } = await call<{ results: Array<{ url: string }> }>(searchDocs as unknown as ToolDefinition, { query: question.query });
    latencies.push(performance.now() - started);
    sizes.push(Buffer.byteLength(text));
    // The docs link to index pages both as /dir and /dir/index; the eval uses either.
    const paths = data.results.map((hit) => new URL(hit.url).pathname.replace(/\/index$/, ''));
    const rank = expected ? paths.indexOf(expected) + 1 : 0;
    const intent = (byIntent[question.intent] ??= { hits: 0, recalled: 0, n: 0 });
    intent.n++;
    if (rank > 0) {
      reciprocal += 1 / rank;
      recalled++;
      intent.recalled++;
      if (rank === 1) intent.hits++;
    }
    if (rank !== 1) {
      const deeper = expected ? searcher.search(question.query, { limit: 50 }).map((hit) => hit.path.replace(/\/index$/, '')).indexOf(expected) + 1 : 0;
      misses.push({ id: question.id, query: question.query, expected: expected ?? '', rank: deeper || null, top: paths.slice(0, 3) });
    }
  }

  const cli: DocsEvalResult['cli'] = [];
  for (const question of questions.filter((q) => q.cli || q.must_mention.length > 0)) {
    const mentions = (text: string) => question.must_mention.filter((flag) => !text.includes(flag));
    let resolved = false;
    let via = 'none';
    let missing = question.must_mention;
    if (question.cli) {
      try {
        const { text } = await call<unknown>(getCliHelp as unknown as ToolDefinition, { command: question.cli });
        missing = mentions(text);
        resolved = missing.length === 0;
        via = 'get_cli_help';
      } catch (error) {
        via = `get_cli_help failed: ${(error as Error).message.slice(0, 80)}`;
      }
    }
    if (!question.cli) {
      // A command the CLI reference omits (`prefect deploy`): the best page must show the flags.
      const expected = question.relevant.find((item) => item.grade === 3);
      const page = expected && store.resolvePath(expected.path);
      const top = searcher.search(question.query, { limit: 5 }).map((hit) => hit.path);
      missing = page && top.includes(page.path) ? mentions(store.markdown(page)) : question.must_mention;
      cli.push({ id: question.id, cli: null, resolved: missing.length === 0, via: `search_docs → ${expected?.path}`, missing });
      continue;
    }
    // The assistant's usual path: find the command by the question, then read its help.
    const { data } = await call<{ commands: Array<{ command: string; options: Array<{ name: string }>; arguments: Array<{ name: string }> }> }>(
      searchCli as unknown as ToolDefinition,
      { task: question.query, limit: 5 },
    );
    const viaSearch = data.commands.find((command) => (!question.cli || command.command === question.cli) && mentions(JSON.stringify(command)).length === 0);
    if (!resolved && viaSearch) {
      resolved = true;
      missing = [];
    }
    if (viaSearch) via = `${via === 'get_cli_help' && resolved ? 'get_cli_help, ' : ''}search_cli #${data.commands.indexOf(viaSearch) + 1} (${viaSearch.command})`;
    cli.push({ id: question.id, cli: question.cli, resolved, via, missing });
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const percentile = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 10) / 10;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const result: DocsEvalResult = {
    questions: questions.length,
    recallAt5: round(recalled / questions.length),
    mrr: round(reciprocal / questions.length),
    hitAt1ByIntent: Object.fromEntries(
      Object.entries(byIntent).map(([intent, value]) => [intent, { hitAt1: round(value.hits / value.n), recallAt5: round(value.recalled / value.n), n: value.n }]),
    ),
    avgResponseBytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    maxResponseBytes: Math.max(...sizes),
    latencyMs: { p50: percentile(0.5), p95: percentile(0.95) },
    cli,
    misses,
  };
  if (options.coverage !== false) result.coverage = await cliCoverage(options.prefectBin ?? VENV_PREFECT, (command) => docs.cliCommand(command) !== undefined);
  return result;
}

/** Walks `prefect --help` recursively and lists installed commands the index does not know. */
async function cliCoverage(bin: string, known: (command: string) => boolean): Promise<NonNullable<DocsEvalResult['coverage']>> {
  if (!existsSync(bin)) return { error: `no prefect executable at ${bin} (the test bed's virtualenv creates it)` };
  const limit = pLimit(8);
  const installed: string[] = [];
  const walk = async (words: string[]): Promise<void> => {
    const help = await limit(() => helpText(bin, words));
    const children = subcommandsIn(help);
    if (words.length > 0) installed.push(['prefect', ...words].join(' '));
    await Promise.all(children.map((child) => walk([...words, child])));
  };
  await walk([]);
  return { installedCommands: installed.length, missingFromIndex: installed.filter((command) => !known(command)).sort() };
}

function helpText(bin: string, words: string[]): Promise<string> {
  return new Promise((resolvePromise) => {
    execFile(bin, [...words, '--help'], { timeout: 30_000, env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', COLUMNS: '120' } }, (_error, stdout) => resolvePromise(stdout));
  });
}

/** Command names in the "Commands" panel of cyclopts' help. */
function subcommandsIn(help: string): string[] {
  const panel = /╭─ Commands ─[^\n]*\n([\s\S]*?)╰/.exec(help)?.[1] ?? '';
  return panel
    .split('\n')
    .map((line) => /^│ ([a-z][a-z0-9-]*)(?:\s|$)/.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dbPath = argument('--db') ?? process.env.PREFECT_MCP_DOCS_DB ?? resolve(packageRoot, 'data', 'prefect-docs.sqlite');
  const result = await benchDocsEval(dbPath, { questionsFile: argument('--questions'), prefectBin: argument('--prefect'), coverage: !process.argv.includes('--no-coverage') });
  const verbose = process.argv.includes('--verbose');
  const lines = [
    `docs retrieval (${result.questions} questions, ${dbPath})`,
    `  Recall@5 ${result.recallAt5}  (target >= 0.92)`,
    `  MRR      ${result.mrr}  (target >= 0.80)`,
    ...Object.entries(result.hitAt1ByIntent).map(([intent, value]) => `  ${intent.padEnd(13)} hit@1 ${value.hitAt1}  recall@5 ${value.recallAt5}  (n=${value.n})`),
    `  default search_docs response: avg ${result.avgResponseBytes} B, max ${result.maxResponseBytes} B  (target <= 6144)`,
    `  search_docs latency: p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms`,
    `  CLI questions resolved with all flags: ${result.cli.filter((item) => item.resolved).length}/${result.cli.length}`,
    ...result.cli.filter((item) => verbose || !item.resolved).map((item) => `    ${item.id} ${item.cli ?? '(no command)'}: ${item.resolved ? 'ok' : `MISSING ${item.missing.join(' ')}`} via ${item.via}`),
    ...(verbose ? result.misses.map((miss) => `    miss ${miss.id} rank ${miss.rank ?? '>50'} "${miss.query}" → want ${miss.expected}; got ${miss.top.join(', ')}`) : []),
    result.coverage
      ? 'error' in result.coverage
        ? `  CLI coverage: skipped (${result.coverage.error})`
        : `  CLI coverage: ${result.coverage.installedCommands} installed commands, ${result.coverage.missingFromIndex.length} missing from the index${result.coverage.missingFromIndex.length ? `: ${result.coverage.missingFromIndex.join(', ')}` : ''}`
      : '  CLI coverage: skipped',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
