/**
 * `npm run matrix:cli`: the installed-CLI introspection on several real Prefect releases. Each version is
 * installed from its committed, fully pinned requirements file into a cached venv (test/bed/venv.ts),
 * introspected once (fresh cache), and compared with that version's own `--help` pages walked one by
 * one. Writes bench/results/cli-matrix.md (committed) and returns the rows for bench/RESULTS.md.
 *
 *   node dist/bench/cli-matrix.js [3.8.8 3.9.1 ...]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InstalledCli } from '../src/docs/installed-cli.js';
import { packageRoot } from '../src/paths.js';
import { ensureVenv } from '../test/bed/venv.js';
import { compareWithHelp, walkHelp, type Comparison } from '../test/helpers/cli-help-walk.js';

/** The pinned suite version; the newest 3.x; the newest 3.x whose CLI was typer (3.6.20 switched to cyclopts); the last 2.x. */
export const MATRIX_VERSIONS = ['3.8.8', '3.9.1', '3.6.19', '2.20.27'];

export interface CliMatrixRow {
  version: string;
  framework: string;
  /** The introspected tree against this version's own help pages; absent when the version could not be set up or read. */
  comparison?: Comparison;
  introspection?: {
    /** One run on a fresh cache, as the server sees it. */
    wallS: number;
    /** CPU seconds of the introspection process (python/cli_introspect.py reports its own). */
    cpuS: number;
    /** 1-minute load average of this machine just before and just after: how much the wall time was shared. */
    loadBefore: number;
    loadAfter: number;
  };
  error?: string;
}

function log(line: string): void {
  process.stderr.write(`[cli-matrix] ${line}\n`);
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export async function benchCliMatrix(versions: string[] = MATRIX_VERSIONS): Promise<CliMatrixRow[]> {
  const rows: CliMatrixRow[] = [];
  for (const version of versions) {
    try {
      log(`${version}: venv`);
      const venv = await ensureVenv({ prefectVersion: version });
      const cli = new InstalledCli(venv.prefect, { cacheDir: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-matrix-')) });
      const loadBefore = loadavg()[0]!;
      const started = performance.now();
      await cli.start();
      const wallS = (performance.now() - started) / 1000;
      const loadAfter = loadavg()[0]!;
      const state = cli.state();
      if (state.state !== 'ready') throw new Error(state.state === 'failed' ? state.reason : state.state);
      log(`${version}: introspected ${state.commands} commands in ${wallS.toFixed(1)} s (${state.cpuSeconds} s CPU); walking --help`);
      const comparison = compareWithHelp(cli.commands()!, await walkHelp(venv.prefect, { entryPointPython: venv.python }));
      rows.push({
        version,
        framework: cli.framework() ?? '',
        comparison,
        introspection: { wallS: round1(wallS), cpuS: round1(state.cpuSeconds), loadBefore: round1(loadBefore), loadAfter: round1(loadAfter) },
      });
      log(`${version}: ${comparison.flagNamesFound}/${comparison.flagNames} flag names, ${comparison.invented.length} invented`);
    } catch (error) {
      log(`${version}: FAILED ${(error as Error).message}`);
      rows.push({ version, framework: '', error: (error as Error).message.split('\n')[0]!.slice(0, 300) });
    }
  }
  return rows;
}

/** The misses of one comparison, for the notes under the table. */
function misses(comparison: Comparison): string[] {
  return [
    ...comparison.missingCommands.map((c) => `missing command ${c}`),
    ...comparison.missingFlags.map((f) => `missing flag ${f}`),
    ...comparison.invented.map((f) => `invented ${f}`),
    ...comparison.unmarkedRequired.map((f) => `required not marked ${f}`),
    ...comparison.usageMismatches.map((u) => `usage ${u}`),
  ];
}

export function renderCliMatrix(rows: CliMatrixRow[], when = new Date().toISOString()): string {
  const lines = [
    '# Installed-CLI introspection on real Prefect releases',
    '',
    `Run ${when} on this machine by \`npm run matrix:cli\` (bench/cli-matrix.ts). Each release is installed from its pinned`,
    'requirements file (test/bed/requirements/prefect-<version>.txt), introspected ONCE (python/cli_introspect.py in one',
    'Python process, fresh cache) and compared with the same release\'s own `--help` pages, walked page by page through its',
    '`prefect` entry point in one process (test/helpers/render_help.py: the code `prefect … --help` runs, without ~190',
    'interpreter starts; the suite walks 3.8.8 with one process per page). "Found"',
    'counts what the introspected tree has of what the help pages show; "invented" counts flag names the tree has that',
    'the help page does not show. Introspection: wall clock of the one run and the CPU seconds of its process, on a',
    'shared 2-core machine whose 1-minute load average before → after the run is given (load 2 or more: the other',
    'sessions had both cores busy, and the wall time is mostly waiting).',
    '',
    '| Prefect | CLI framework | commands found / on help pages | runnable compared | options found / shown | flag names found / shown (strict) | required marked | invented | usage lines differing | `--help` broken | introspection s (wall / CPU) | load average |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { version, framework, comparison: c, introspection: run, error } of rows) {
    if (!c || !run) {
      lines.push(`| ${version} | — | not produced: ${(error ?? '').replace(/\|/g, '\\|')} | | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${version} | ${framework} | ${c.commandsFound}/${c.commands} | ${c.runnable} | ${c.optionsFound}/${c.options} | ${c.flagNamesFound}/${c.flagNames} | ${c.requiredFlagsMarked}/${c.requiredFlags} | ${c.invented.length} | ${c.usageMismatches.length} | ${c.helpFailed.length} | ${run.wallS} / ${run.cpuS} | ${run.loadBefore} → ${run.loadAfter} |`,
    );
  }
  const notes = rows.flatMap(({ version, comparison: c }) =>
    c ? [...c.helpFailed.map((command) => `- ${version}: \`--help\` fails for ${command}; the command is listed by its group and introspected, but there is no page to compare.`), ...misses(c).slice(0, 20).map((miss) => `- ${version}: ${miss}`)] : [],
  );
  if (notes.length) lines.push('', 'Notes:', '', ...notes);
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const versions = process.argv.slice(2).filter((arg) => /^\d+\.\d+\.\d+$/.test(arg));
  const rows = await benchCliMatrix(versions.length ? versions : MATRIX_VERSIONS);
  const markdown = renderCliMatrix(rows);
  mkdirSync(join(packageRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(packageRoot, 'bench', 'results', 'cli-matrix.md'), markdown);
  writeFileSync(join(packageRoot, 'bench', 'results', 'cli-matrix.json'), JSON.stringify(rows, null, 2) + '\n');
  process.stdout.write(markdown);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
}
