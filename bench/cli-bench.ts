/**
 * The CLI tools' figures: get_cli_help latency once the installed prefect's tree is read (every command,
 * in-process through the tool handler; no `prefect` process is started per call), introspection time
 * (fresh cache), and search_cli hit@1 on plain-language tasks (bench/cli-tasks.jsonl, written from the
 * CLI's own help texts) with the installed CLI and docs-only. The version matrix is run separately
 * (`npm run matrix:cli`, slow: it walks every --help page of four releases); its committed table is
 * included in the report as it is.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../src/config/resolve.js';
import { DocsService } from '../src/docs/service.js';
import { packageRoot } from '../src/paths.js';
import type { ToolContext, ToolDefinition } from '../src/tools/define-tool.js';
import { getCliHelp } from '../src/tools/docs/get-cli-help.js';
import { searchCli } from '../src/tools/docs/search-cli.js';
import { summarize, type Summary } from './stats.js';

export const CLI_TASKS = join(packageRoot, 'bench', 'cli-tasks.jsonl');
export const CLI_MATRIX = join(packageRoot, 'bench', 'results', 'cli-matrix.md');

export interface CliBenchResult {
  installedVersion: string | null;
  docsVersion: string | null;
  introspectionS: number;
  /** CPU seconds of the introspection process, and the machine's 1-minute load average around the run. */
  introspectionCpuS: number;
  loadAverage: [before: number, after: number];
  commands: number;
  getCliHelpMs: Summary;
  calls: number;
  tasks: number;
  hitAt1: { installed: number; docsOnly: number };
  misses: { installed: string[]; docsOnly: string[] };
}

interface Task {
  task: string;
  expected: string;
}

function context(docsDb: string, prefectBin: string | undefined, cacheDir: string): ToolContext {
  const config = resolveConfig({ env: { ...process.env, PREFECT_MCP_DOCS_DB: docsDb, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: prefectBin ?? '', PREFECT_MCP_CACHE_DIR: cacheDir } });
  return { config, docs: new DocsService(config.docs), prefect: () => { throw new Error('no Prefect API in the CLI benchmark'); } } as unknown as ToolContext;
}

const call = <T>(tool: unknown, args: Record<string, unknown>, ctx: ToolContext) => (tool as ToolDefinition).handle(args as never, ctx) as Promise<{ data: T; text: string }>;

async function hitAt1(tasks: Task[], ctx: ToolContext): Promise<{ hits: number; misses: string[] }> {
  let hits = 0;
  const misses: string[] = [];
  for (const { task, expected } of tasks) {
    const { data } = await call<{ commands: Array<{ command: string }> }>(searchCli, { task, limit: 5 }, ctx);
    const ranked = data.commands.map((command) => command.command);
    if (ranked[0] === expected) hits++;
    else misses.push(`"${task}" → ${ranked[0] ?? '(nothing)'} (expected ${expected}, rank ${ranked.indexOf(expected) + 1 || '>5'})`);
  }
  return { hits, misses };
}

export async function benchCli(docsDb: string, prefectBin: string, passes = 5): Promise<CliBenchResult> {
  const tasks = readFileSync(CLI_TASKS, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Task);
  const ctx = context(docsDb, prefectBin, mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-bench-')));
  const installed = ctx.docs.installedCli(prefectBin);
  if (!installed) throw new Error(`no prefect at ${prefectBin}`);
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  await installed.start();
  const introspectionS = (performance.now() - started) / 1000;
  const loadAfter = loadavg()[0]!;
  const state = installed.state();
  if (state.state !== 'ready') throw new Error(`introspection did not finish: ${JSON.stringify(state)}`);
  const commands = installed.commands()!.filter((command) => !command.hidden).map((command) => command.path);
  await call(getCliHelp, { command: commands[0]! }, ctx); // builds the merged view once
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (const command of commands) {
      const t0 = performance.now();
      await call(getCliHelp, { command }, ctx);
      samples.push(performance.now() - t0);
    }
  }
  const withInstalled = await hitAt1(tasks, ctx);
  const docsOnly = await hitAt1(tasks, context(docsDb, join(tmpdir(), 'no-such-prefect-for-the-docs-only-run'), mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-bench-'))));
  const { data } = await call<{ versions: { installed: string | null; docs: string | null } }>(getCliHelp, { command: 'prefect' }, ctx);
  return {
    installedVersion: data.versions.installed,
    docsVersion: data.versions.docs,
    introspectionS: Math.round(introspectionS * 10) / 10,
    introspectionCpuS: Math.round(state.cpuSeconds * 10) / 10,
    loadAverage: [Math.round(loadBefore * 10) / 10, Math.round(loadAfter * 10) / 10],
    commands: commands.length,
    getCliHelpMs: summarize(samples),
    calls: samples.length,
    tasks: tasks.length,
    hitAt1: { installed: Math.round((withInstalled.hits / tasks.length) * 1000) / 1000, docsOnly: Math.round((docsOnly.hits / tasks.length) * 1000) / 1000 },
    misses: { installed: withInstalled.misses, docsOnly: docsOnly.misses },
  };
}

export function renderCliBench(result: CliBenchResult | { notProduced: string }): string[] {
  const lines = ['## CLI: installed prefect + docs (bench/cli-bench.ts)', ''];
  if ('notProduced' in result) lines.push(`Not produced: ${result.notProduced}`, '');
  else {
    lines.push(
      `- installed prefect ${result.installedVersion}, docs snapshot prefect ${result.docsVersion}; ${result.commands} visible commands`,
      `- introspection (fresh cache, once): **${result.introspectionS} s** wall clock, ${result.introspectionCpuS} s CPU, 1-minute load average ${result.loadAverage[0]} → ${result.loadAverage[1]} on the 2 cores (target <= 5 s)`,
      `- \`get_cli_help\` after introspection, in-process, every command x passes (${result.calls} calls): p50 **${result.getCliHelpMs.median} ms**, p95 ${result.getCliHelpMs.p95} ms (target p50 <= 1 ms); no \`prefect\` process per call`,
      `- \`search_cli\` hit@1 on ${result.tasks} plain-language tasks (bench/cli-tasks.jsonl): **${result.hitAt1.installed}** with the installed CLI, ${result.hitAt1.docsOnly} docs-only (target >= 0.92)`,
      ...result.misses.installed.map((miss) => `  - miss (installed): ${miss}`),
      '',
    );
  }
  lines.push(existsSync(CLI_MATRIX) ? readFileSync(CLI_MATRIX, 'utf8').replace(/^# /, '### ') : '### CLI version matrix\n\nNot produced: run `npm run matrix:cli`.\n');
  return lines;
}
