/**
 * The ground truth for the installed-CLI introspection: a real `prefect` walked through its own
 * `--help` pages (one process per page, a bounded pool), parsed into commands, aliases, flag names
 * and required marks, and compared with an introspected tree. Shared by the suite (the pinned
 * version) and the version matrix (bench/cli-matrix.ts). The parser reads both help styles:
 * cyclopts panels (3.6.20+) and rich-typer panels (older 3.x, 2.x).
 */
import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pLimit from 'p-limit';
import { packageRoot } from '../../src/paths.js';
import type { InstalledCommand } from '../../src/docs/installed-cli.js';

export interface HelpPage {
  path: string;
  usage: string;
  /** Subcommand name → its aliases, from the Commands panel. */
  commands: Map<string, string[]>;
  /** Every flag name on the page (session options of the root excluded by the caller). */
  flags: Set<string>;
  /** Flags on a row marked required. */
  requiredFlags: Set<string>;
  /** Positional argument labels, and which of them are required. */
  argumentLabels: string[];
  requiredArguments: Set<string>;
  /** Set when `--help` itself fails (3.8.8's `prefect init --help` exits 2): nothing to compare flags against. */
  failed?: string;
}

/** A flag name; cyclopts keeps a typer-style '--x/--no-x' name as one literal name. */
const FLAG = /^-{1,2}[A-Za-z0-9][\w/-]*$/;
/** Metavars and choice lists that sit between the flag names and the description. */
const METAVAR = /^(\[?[A-Z][A-Z0-9_|.<>-]*\]?(\.\.\.)?|\[[^\]]*\]|<[^>]*>|[A-Z]+\.\.\.)$/;

/**
 * The flag names in one cell token: rich-typer joins the names of one column with commas
 * ('--provision-infrastructure,--provision-infra'); undefined when the token is not made of flags.
 */
function flagNames(token: string): string[] | undefined {
  const names = token.replace(/,$/, '').split(',');
  return names.every((name) => FLAG.test(name)) ? names : undefined;
}

/** Help text → structured page. `path` is the command the page belongs to. */
export function parseHelp(path: string, text: string): HelpPage {
  const page: HelpPage = { path, usage: '', commands: new Map(), flags: new Set(), requiredFlags: new Set(), argumentLabels: [], requiredArguments: new Set() };
  // click wraps a long usage line onto indented lines below it (' Usage: prefect … NAME\n      CONCURRENCY_LIMIT').
  const usage = /^\s*Usage:\s*(.+(?:\n[ \t]+\S.*)*)/m.exec(text);
  page.usage = usage ? usage[1]!.replace(/\s+/g, ' ').trim() : '';
  // rich-typer pads its pages by one column (' Usage: …'); cyclopts prints 'Usage:' at the margin.
  const typer = /^ Usage:/m.test(text);
  let panel = '';
  let row: { cells: string; wrappedNames: string; full: string; descriptionColumn: number } | undefined;
  const finish = () => {
    if (row) readRow(page, panel, row.cells, row.full, row.wrappedNames);
    row = undefined;
  };
  for (const raw of text.split('\n')) {
    const title = /^[╭┌+]─+\s*(.*?)\s*─/.exec(raw);
    if (title) {
      finish();
      panel = title[1]!;
      continue;
    }
    if (/^[╰└]/.test(raw)) {
      finish();
      panel = '';
      continue;
    }
    if (!panel || !raw.startsWith('│')) continue;
    const content = raw.replace(/^│ ?/, '').replace(/ ?│\s*$/, '');
    const indent = /^ */.exec(content)![0].length;
    // rich-typer puts long and short names in separate columns: an option with only a short name
    // ('-r  TEXT  The revision…') starts its row in the short-name column, indented like a continuation.
    const typerShortOnlyRow = typer && flagNames(content.trim().split(/\s+/)[0] ?? '') !== undefined;
    if (!typerShortOnlyRow && (indent > 3 || content.trim() === '')) {
      if (row) {
        row.full += ` ${content.trim()}`;
        // A long names cell wraps: words left of the description column are more names.
        if (indent < row.descriptionColumn) row.wrappedNames += ` ${content.slice(0, row.descriptionColumn).trim()}`;
      }
      continue;
    }
    finish();
    const head = /^(\s*\*?\s*)(\S+(?: \S+)*)(\s{2,}|$)/.exec(content);
    const descriptionColumn = head ? head[0].length : content.length;
    row = { cells: content, wrappedNames: '', full: content, descriptionColumn };
  }
  finish();
  return page;
}

function readRow(page: HelpPage, panel: string, cells: string, full: string, wrappedNames: string): void {
  const tokens = cells.trim().split(/\s+/);
  if (/^commands?$/i.test(panel) || /commands/i.test(panel)) {
    const name = tokens[0]!;
    if (name.startsWith('-')) return; // --help, --version entries
    // cyclopts: 'flow (flows)'; typer lists aliases as their own rows.
    const aliases = /^\S+ \(([^)]*)\)/.exec(cells.trim())?.[1]?.split(/,\s*/) ?? []; // one space: '(beta)' after the column gap is description
    page.commands.set(name, aliases);
    return;
  }
  let required = false;
  const names: string[] = [];
  let label: string | undefined;
  // typer lists positionals in their own panel by lower-case name ('entrypoint  TEXT  [required]').
  if (/^arguments$/i.test(panel)) {
    required = tokens[0] === '*';
    label = (required ? tokens[1] : tokens[0])?.toUpperCase();
    if (label) page.argumentLabels.push(label);
    if (label && (required || /\[required\]/.test(full))) page.requiredArguments.add(label);
    return;
  }
  for (const [i, token] of tokens.entries()) {
    if (i === 0 && token === '*') {
      required = true;
      continue;
    }
    const flags = flagNames(token);
    if (flags) {
      names.push(...flags);
      continue;
    }
    if (names.length === 0 && label === undefined && /^[A-Z][A-Z0-9_]*(\.\.\.)?$/.test(token)) {
      label = token.replace(/\.\.\.$/, '');
      continue;
    }
    if (METAVAR.test(token)) continue;
    break; // the description starts
  }
  // cyclopts wraps a long names cell onto the next lines, left of the description column.
  if (names.length) names.push(...wrappedNames.split(/\s+/).filter((token) => FLAG.test(token)));
  if (/\[required\]/.test(full)) required = true;
  for (const name of names) {
    if (name === '--help') continue;
    page.flags.add(name);
    if (required) page.requiredFlags.add(name);
  }
  if (label) {
    page.argumentLabels.push(label);
    if (required) page.requiredArguments.add(label);
  }
}

function runHelp(prefect: string, words: string[], timeoutMs: number): Promise<{ text: string; failed?: string }> {
  return new Promise((resolve) => {
    execFile(
      prefect,
      [...words, '--help'],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024, cwd: tmpdir(), env: { ...process.env, COLUMNS: '250', NO_COLOR: '1', TERM: 'dumb', PREFECT_CLI_PROMPT: 'false', PYTHONIOENCODING: 'utf-8' } },
      (error, stdout, stderr) => {
        if (error) return resolve({ text: '', failed: `exit ${String(error.code ?? error.signal)}: ${String(stderr).replace(/\s+/g, ' ').trim().slice(0, 200)}` });
        resolve({ text: String(stdout) });
      },
    );
  });
}

type HelpRenderer = (words: string[]) => Promise<{ text: string; failed?: string }>;

/**
 * Many pages in one Python process through the `prefect` console-script entry point (test/helpers/render_help.py):
 * the same code as `prefect … --help`, without an interpreter start per page. For the version matrix.
 */
function entryPointRenderer(python: string, timeoutMs: number): { render: HelpRenderer; close: () => void } {
  const child = spawn(python, [join(packageRoot, 'test', 'helpers', 'render_help.py')], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, COLUMNS: '250', PREFECT_CLI_PROMPT: 'false', PYTHONIOENCODING: 'utf-8' } });
  const waiting: Array<(line: string) => void> = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  let queue: Promise<unknown> = Promise.resolve();
  const render: HelpRenderer = (words) => {
    const next = queue.then(
      () =>
        new Promise<{ text: string; failed?: string }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`help renderer: no answer for ${words.join(' ')} in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
          waiting.push((line) => {
            clearTimeout(timer);
            const answer = JSON.parse(line) as { text: string; exit: number };
            resolve(answer.exit === 0 ? { text: answer.text } : { text: '', failed: `exit ${answer.exit}` });
          });
          child.stdin.write(`${JSON.stringify(words)}\n`);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };
  return { render, close: () => child.kill('SIGKILL') };
}

export interface WalkOptions {
  /** Parallel `--help` processes (default 3). */
  concurrency?: number;
  timeoutMs?: number;
  /** Render every page in one process through this Python's `prefect` entry point instead of one process per page. */
  entryPointPython?: string;
}

/** Every help page reachable from `prefect --help`, through the primary command names (not aliases). */
export async function walkHelp(prefect: string, options: WalkOptions = {}): Promise<Map<string, HelpPage>> {
  const limit = pLimit(options.concurrency ?? 3);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const renderer = options.entryPointPython ? entryPointRenderer(options.entryPointPython, timeoutMs) : undefined;
  const render: HelpRenderer = renderer ? renderer.render : (words) => limit(() => runHelp(prefect, words, timeoutMs));
  const pages = new Map<string, HelpPage>();
  const visit = async (words: string[]): Promise<void> => {
    const path = ['prefect', ...words].join(' ');
    const help = await render(words);
    const page = parseHelp(path, help.text);
    if (help.failed) page.failed = help.failed;
    pages.set(path, page);
    const aliasNames = new Set([...page.commands.values()].flat());
    await Promise.all([...page.commands.keys()].filter((name) => !aliasNames.has(name)).map((name) => visit([...words, name])));
  };
  try {
    await visit([]);
  } finally {
    renderer?.close();
  }
  return pages;
}

export interface Comparison {
  /** Help pages (commands) found by the walk, root excluded. */
  commands: number;
  /** ... of which the introspected tree has (by path or alias). */
  commandsFound: number;
  runnable: number;
  /** Options / flag names on the runnable commands' help pages, and how many the tree has for that command. */
  options: number;
  optionsFound: number;
  flagNames: number;
  flagNamesFound: number;
  requiredFlags: number;
  requiredFlagsMarked: number;
  /** Flag names the tree has (visible) that the help page does not show. */
  invented: string[];
  missingCommands: string[];
  missingFlags: string[];
  unmarkedRequired: string[];
  usageMismatches: string[];
  /** Commands whose own `--help` fails: present in their group's list, but with no page to compare. */
  helpFailed: string[];
}

/** The introspected commands against the walked help: counts plus the specific misses, for messages and the matrix table. */
export function compareWithHelp(commands: InstalledCommand[], pages: Map<string, HelpPage>): Comparison {
  const byPath = new Map<string, InstalledCommand>();
  for (const command of commands) byPath.set(command.path, command);
  for (const command of commands) for (const alias of command.aliases) if (!byPath.has(alias)) byPath.set(alias, command);
  const session = pages.get('prefect')?.flags ?? new Set<string>();
  const result: Comparison = {
    commands: 0, commandsFound: 0, runnable: 0, options: 0, optionsFound: 0, flagNames: 0, flagNamesFound: 0, requiredFlags: 0, requiredFlagsMarked: 0,
    invented: [], missingCommands: [], missingFlags: [], unmarkedRequired: [], usageMismatches: [], helpFailed: [],
  };
  for (const page of pages.values()) {
    if (page.path === 'prefect') continue;
    result.commands++;
    const command = byPath.get(page.path);
    if (!command) {
      result.missingCommands.push(page.path);
      continue;
    }
    result.commandsFound++;
    for (const [name, aliases] of page.commands) {
      const sub = byPath.get(`${page.path} ${name}`);
      for (const alias of aliases) if (sub && !sub.aliases.includes(`${page.path} ${alias}`)) result.missingCommands.push(`${page.path} ${alias} (alias)`);
    }
    if (page.failed) {
      result.helpFailed.push(`${page.path} (${page.failed})`);
      continue;
    }
    if (page.commands.size > 0 && !command.runnable) continue;
    result.runnable++;
    if (page.usage && command.usage && normalizeUsage(page.usage) !== normalizeUsage(command.usage)) result.usageMismatches.push(`${page.path}: help "${page.usage}" vs "${command.usage}"`);
    const visible = [...command.arguments, ...command.options].filter((parameter) => !parameter.hidden);
    const treeNames = new Set(visible.flatMap((parameter) => parameter.names));
    const helpFlags = [...page.flags].filter((flag) => !session.has(flag) || treeNames.has(flag));
    // An option is one row: count rows through the tree's grouping of names.
    const helpOptions = new Set(helpFlags.map((flag) => visible.find((parameter) => parameter.names.includes(flag))?.name ?? flag));
    result.options += helpOptions.size;
    result.optionsFound += [...helpOptions].filter((name) => visible.some((parameter) => parameter.name === name)).length;
    result.flagNames += helpFlags.length;
    for (const flag of helpFlags) {
      if (treeNames.has(flag)) result.flagNamesFound++;
      else result.missingFlags.push(`${page.path} ${flag}`);
    }
    for (const name of treeNames) if (!page.flags.has(name)) result.invented.push(`${page.path} ${name}`);
    for (const flag of page.requiredFlags) {
      if (session.has(flag) && !treeNames.has(flag)) continue;
      result.requiredFlags++;
      if (visible.some((parameter) => parameter.names.includes(flag) && parameter.required)) result.requiredFlagsMarked++;
      else result.unmarkedRequired.push(`${page.path} ${flag}`);
    }
    for (const label of page.requiredArguments) {
      result.requiredFlags++;
      if (command.arguments.some((argument) => argument.name === label && argument.required)) result.requiredFlagsMarked++;
      else result.unmarkedRequired.push(`${page.path} ${label}`);
    }
  }
  return result;
}

function normalizeUsage(usage: string): string {
  return usage.replace(/\s+/g, ' ').trim();
}
