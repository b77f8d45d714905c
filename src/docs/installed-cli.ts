/**
 * The `prefect` CLI the user actually has installed, as structured records: its command tree is read
 * ONCE by python/cli_introspect.py in a single run of the interpreter behind `prefect`, in the
 * background, and cached on disk keyed by the executable, its interpreter and the installed version.
 * Answers never spawn `prefect`; until the tree is ready (or when introspection fails) the docs answer
 * alone, and `state()` says why.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { log } from '../log.js';
import { packageRoot } from '../paths.js';

/** Generous: importing every command module of a big CLI on a loaded 2-core machine takes tens of seconds. */
export const INTROSPECT_TIMEOUT_MS = 180_000;
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;
const SCRIPT = join(packageRoot, 'python', 'cli_introspect.py');

export interface InstalledParameter {
  /** Display name: `--name` for an option, `NAME` for a positional argument. */
  name: string;
  /** Every flag the parameter answers to: long, short, negative and alternate names. */
  names: string[];
  /** The negative forms among `names` (`--no-x`, `--empty-x`). */
  negative: string[];
  required: boolean;
  type: string;
  default: string | number | boolean | null | Array<string | number | boolean | null>;
  choices: string[];
  env_var: string[];
  help: string;
  hidden: boolean;
  variadic?: boolean;
}

export interface InstalledCommand {
  /** 'prefect flow serve' */
  path: string;
  /** Full alias paths ('prefect flows'). */
  aliases: string[];
  hidden: boolean;
  /** Has subcommands. */
  group: boolean;
  /** Can be run itself (a leaf, or a group with a default action like `prefect deploy`). */
  runnable: boolean;
  help: string;
  usage: string;
  arguments: InstalledParameter[];
  options: InstalledParameter[];
}

export interface InstalledTree {
  prefect_version: string;
  framework: 'cyclopts' | 'typer';
  python: string;
  /** Seconds the walk took inside Python (imports included). */
  seconds: number;
  /** CPU seconds of the introspection process, interpreter start included. */
  cpu_seconds: number;
  commands: InstalledCommand[];
  /** Commands whose module could not be imported, and similar partial failures. */
  errors: Array<{ command: string; error: string }>;
}

export type InstalledState =
  | { state: 'absent'; reason: string }
  | { state: 'introspecting'; bin: string; since: string }
  | { state: 'ready'; bin: string; version: string; commands: number; cached: boolean; seconds: number; cpuSeconds: number; errors: number }
  | { state: 'failed'; bin: string; reason: string };

/** `configured` (PREFECT_MCP_PREFECT_BIN), else the active virtualenv's `prefect`, else `prefect` on PATH. */
export function findPrefectBin(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (configured) return configured;
  const name = process.platform === 'win32' ? 'prefect.exe' : 'prefect';
  const dirs = [...(env.VIRTUAL_ENV ? [join(env.VIRTUAL_ENV, process.platform === 'win32' ? 'Scripts' : 'bin')] : []), ...(env.PATH ?? '').split(delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/**
 * The Python that runs `bin`: its shebang (`#!/venv/bin/python3`, or `#!/usr/bin/env python3` resolved on
 * PATH), else a `python` beside it (virtualenvs, Windows launchers).
 */
export function interpreterFor(bin: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let firstLine = '';
  try {
    firstLine = readFileSync(bin).subarray(0, 512).toString('utf8').split('\n')[0] ?? '';
  } catch {
    return undefined;
  }
  if (firstLine.startsWith('#!')) {
    const parts = firstLine.slice(2).trim().split(/\s+/);
    if (parts[0] && /(^|\/)env$/.test(parts[0])) {
      const program = parts.slice(1).find((part) => !part.startsWith('-'));
      if (program) return findOnPath(program, env);
    } else if (parts[0] && isAbsolute(parts[0])) {
      return parts[0];
    }
  }
  for (const name of process.platform === 'win32' ? ['python.exe'] : ['python', 'python3']) {
    const candidate = join(dirname(bin), name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program)).find(isExecutable);
}

/** The installed Prefect version from its dist-info folder beside the interpreter's venv, without running Python. */
function distInfoVersion(python: string): { version: string; mtimeMs: number } | undefined {
  const lib = join(dirname(dirname(python)), 'lib');
  try {
    for (const pythonDir of readdirSync(lib)) {
      const sitePackages = join(lib, pythonDir, 'site-packages');
      let entries: string[];
      try {
        entries = readdirSync(sitePackages);
      } catch {
        continue;
      }
      const info = entries.find((entry) => /^prefect-\d[^-]*\.dist-info$/.test(entry));
      if (info) return { version: info.slice('prefect-'.length, -'.dist-info'.length), mtimeMs: statSync(join(sitePackages, info)).mtimeMs };
    }
  } catch {
    // Not a venv layout: the executable's own mtime has to do.
  }
  return undefined;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

export interface InstalledCliOptions {
  /** Where the tree is cached: the configured folder (config.docs.cacheDir), never a guess from the process environment. */
  cacheDir: string;
  timeoutMs?: number;
  /** The Python to run instead of the one behind `bin` (tests, unusual installs). */
  python?: string;
}

export class InstalledCli {
  private current: InstalledState;
  private tree?: InstalledTree;
  private run?: Promise<void>;

  constructor(
    readonly bin: string,
    private readonly options: InstalledCliOptions,
  ) {
    this.current = { state: 'introspecting', bin, since: new Date().toISOString() };
  }

  /** Starts introspection once (cache first); later calls return the same promise. Never rejects. */
  start(): Promise<void> {
    this.run ??= this.load().catch((error: unknown) => {
      this.current = { state: 'failed', bin: this.bin, reason: (error as Error).message.slice(0, 1000) };
      log.warn(`installed prefect CLI: introspection failed, answering from the docs only: ${this.current.reason}`);
    });
    return this.run;
  }

  state(): InstalledState {
    return this.current;
  }

  /** The command tree once introspection finished; undefined before or after a failure. */
  commands(): InstalledCommand[] | undefined {
    return this.tree?.commands;
  }

  version(): string | undefined {
    return this.tree?.prefect_version;
  }

  /** 'cyclopts' (3.6.20+) or 'typer' (older 3.x, 2.x). */
  framework(): InstalledTree['framework'] | undefined {
    return this.tree?.framework;
  }

  private async load(): Promise<void> {
    const python = this.options.python ?? interpreterFor(this.bin);
    if (!python) throw new Error(`cannot tell which Python runs ${this.bin} (no usable shebang and no python beside it); set PREFECT_MCP_PREFECT_BIN to the prefect inside your virtualenv`);
    const cacheFile = join(this.options.cacheDir, `cli-${this.cacheKey(python)}.json`);
    const cached = readCache(cacheFile);
    if (cached) return this.accept(cached, true);
    const tree = await runIntrospection(python, this.options.timeoutMs ?? INTROSPECT_TIMEOUT_MS);
    this.accept(tree, false);
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(tree));
      renameSync(temporary, cacheFile);
    } catch (error) {
      log.warn(`installed prefect CLI: could not cache the command tree in ${cacheFile}: ${(error as Error).message}`);
    }
  }

  private accept(tree: InstalledTree, cached: boolean): void {
    this.tree = tree;
    this.current = { state: 'ready', bin: this.bin, version: tree.prefect_version, commands: tree.commands.length, cached, seconds: tree.seconds, cpuSeconds: tree.cpu_seconds, errors: tree.errors.length };
    log.info(`installed prefect CLI ${tree.prefect_version}: ${tree.commands.length} commands (${cached ? 'from cache' : `introspected in ${tree.seconds} s`})`);
  }

  /** Executable, interpreter, installed version and their mtimes, and the script itself: any change re-introspects. */
  private cacheKey(python: string): string {
    const resolve = (path: string) => {
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    };
    const dist = distInfoVersion(python);
    const parts = [resolve(this.bin), mtime(this.bin), python, mtime(resolve(python)), dist?.version ?? '', dist?.mtimeMs ?? 0, readFileSync(SCRIPT, 'utf8')];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
  }
}

function readCache(file: string): InstalledTree | undefined {
  try {
    const tree = JSON.parse(readFileSync(file, 'utf8')) as InstalledTree;
    return Array.isArray(tree.commands) && typeof tree.prefect_version === 'string' ? tree : undefined;
  } catch {
    return undefined;
  }
}

function runIntrospection(python: string, timeoutMs: number): Promise<InstalledTree> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [SCRIPT],
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        // A neutral folder, so a user's `prefect.py` in the working directory can't shadow the package.
        cwd: tmpdir(),
        env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', COLUMNS: '100', PREFECT_CLI_PROMPT: 'false', PYTHONIOENCODING: 'utf-8' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed || error.signal ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${String(error.code)}`;
          const detail = String(stderr).trim().split('\n').slice(-3).join(' | ').slice(0, 500);
          return reject(new Error(`${python} ${SCRIPT} ${why}${detail ? `: ${detail}` : ''}`));
        }
        try {
          const tree = JSON.parse(stdout) as InstalledTree;
          if (!Array.isArray(tree.commands)) throw new Error('no command list');
          resolve(tree);
        } catch (parseError) {
          reject(new Error(`introspection printed no usable JSON (${(parseError as Error).message}): ${String(stdout).slice(0, 200)}`));
        }
      },
    );
  });
}
