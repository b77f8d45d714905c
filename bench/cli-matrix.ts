/**
 * `npm run matrix:cli`: the installed-CLI introspection on several real Prefect releases. Each version is
 * installed from its committed, fully pinned requirements file into a cached venv (test/bed/venv.ts),
 * introspected once (fresh cache), and compared with that version's own `--help` pages walked one by
 * one. Writes bench/results/cli-matrix.md (committed) and returns the rows for bench/RESULTS.md.
 *
 *   node dist/bench/cli-matrix.js [3.8.8 3.9.1 ...]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InstalledCli } from '../src/docs/installed-cli.js';
import { packageRoot } from '../src/paths.js';
import { ensureVenv } from '../test/bed/venv.js';
import { compareWithHelp, walkHelp } from '../test/helpers/cli-help-walk.js';

/** The pinned suite version; the newest 3.x; the newest 3.x whose CLI was typer (3.6.20 switched to cyclopts); the last 2.x. */
export const MATRIX_VERSIONS = ['3.8.8', '3.9.1', '3.6.19', '2.20.27'];

export interface CliMatrixRow {
  version: string;
  framework: string;
  /** Commands on the help pages / found in the introspected tree. */
  commands: number;
  commandsFound: number;
  /** Runnable commands compared flag by flag. */
  runnable: number;
  options: number;
  optionsFound: number;
  flagNames: number;
  flagNamesFound: number;
  requiredMarked: string;
  invented: number;
  usageMismatches: number;
  helpFailed: string[];
  /** Wall-clock seconds of the one introspection run (fresh cache), and the seconds Python reports for its walk. */
  introspectionS: number;
  pythonS: number;
  /** Misses, for the notes under the table. */
  details: string[];
  error?: string;
}

function log(line: string): void {
  process.stderr.write(`[cli-matrix] ${line}\n`);
}

export async function benchCliMatrix(versions: string[] = MATRIX_VERSIONS): Promise<CliMatrixRow[]> {
  const rows: CliMatrixRow[] = [];
  for (const version of versions) {
    try {
      log(`${version}: venv`);
      const venv = await ensureVenv({ prefectVersion: version });
      const cli = new InstalledCli(venv.prefect, { cacheDir: mkdtempSync(join(tmpdir(), 'prefect-mcp-cli-matrix-')) });
      const started = performance.now();
      await cli.start();
      const introspectionS = (performance.now() - started) / 1000;
      const state = cli.state();
      if (state.state !== 'ready') throw new Error(state.state === 'failed' ? state.reason : state.state);
      log(`${version}: introspected ${state.commands} commands in ${introspectionS.toFixed(1)} s; walking --help`);
      const tree = { prefect_version: state.version, framework: 'cyclopts' as const, python: '', seconds: state.seconds, commands: cli.commands()!, errors: [] };
      const result = compareWithHelp(tree, await walkHelp(venv.prefect, { entryPointPython: venv.python }));
      rows.push({
        version,
        framework: cli.framework() ?? '',
        commands: result.commands,
        commandsFound: result.commandsFound,
        runnable: result.runnable,
        options: result.options,
        optionsFound: result.optionsFound,
        flagNames: result.flagNames,
        flagNamesFound: result.flagNamesFound,
        requiredMarked: `${result.requiredFlagsMarked}/${result.requiredFlags}`,
        invented: result.invented.length,
        usageMismatches: result.usageMismatches.length,
        helpFailed: result.helpFailed,
        introspectionS: Math.round(introspectionS * 10) / 10,
        pythonS: Math.round(state.seconds * 10) / 10,
        details: [...result.missingCommands.map((c) => `missing command ${c}`), ...result.missingFlags.map((f) => `missing flag ${f}`), ...result.invented.map((f) => `invented ${f}`), ...result.unmarkedRequired.map((f) => `required not marked ${f}`), ...result.usageMismatches.map((u) => `usage ${u}`)],
      });
      log(`${version}: ${result.flagNamesFound}/${result.flagNames} flag names, ${result.invented.length} invented`);
    } catch (error) {
      log(`${version}: FAILED ${(error as Error).message}`);
      rows.push({ version, framework: '', commands: 0, commandsFound: 0, runnable: 0, options: 0, optionsFound: 0, flagNames: 0, flagNamesFound: 0, requiredMarked: '', invented: 0, usageMismatches: 0, helpFailed: [], introspectionS: 0, pythonS: 0, details: [], error: (error as Error).message.split('\n')[0]!.slice(0, 300) });
    }
  }
  return rows;
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
    'the help page does not show. Introspection time is wall clock on a shared, loaded 2-core machine.',
    '',
    '| Prefect | CLI framework | commands found / on help pages | runnable compared | options found / shown | flag names found / shown (strict) | required marked | invented | usage lines differing | `--help` broken | introspection s (wall / in Python) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    if (row.error) {
      lines.push(`| ${row.version} | — | not produced: ${row.error.replace(/\|/g, '\\|')} | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${row.version} | ${row.framework} | ${row.commandsFound}/${row.commands} | ${row.runnable} | ${row.optionsFound}/${row.options} | ${row.flagNamesFound}/${row.flagNames} | ${row.requiredMarked} | ${row.invented} | ${row.usageMismatches} | ${row.helpFailed.length} | ${row.introspectionS} / ${row.pythonS} |`,
    );
  }
  const notes = rows.flatMap((row) => [...row.helpFailed.map((c) => `- ${row.version}: \`--help\` fails for ${c}; the command is listed by its group and introspected, but there is no page to compare.`), ...row.details.slice(0, 20).map((d) => `- ${row.version}: ${d}`)]);
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
