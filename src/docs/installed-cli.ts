/**
 * The locally installed `prefect` CLI, asked only for `--help` and `--version`: it tells
 * whether a command exists in the version the user actually runs, and gives its real help.
 * execFile with an argument list (no shell), a timeout, and a per-process cache.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const HELP_TIMEOUT_MS = 5_000;

export interface InstalledHelp {
  exists: boolean;
  /** The `--help` text (or the error the CLI printed for an unknown command). */
  text: string;
}

export class InstalledCli {
  private readonly helpCache = new Map<string, Promise<InstalledHelp | undefined>>();
  private versionPromise?: Promise<string | undefined>;
  /** One run at a time: parallel Python start-ups slow each other past the timeout. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly bin: string) {}

  /** `configured` (PREFECT_MCP_PREFECT_BIN) if set, else `prefect` found on PATH. */
  static find(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): InstalledCli | undefined {
    if (configured) return new InstalledCli(configured);
    for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, process.platform === 'win32' ? 'prefect.exe' : 'prefect');
      try {
        accessSync(candidate, constants.X_OK);
        return new InstalledCli(candidate);
      } catch {
        // Not in this PATH entry.
      }
    }
    return undefined;
  }

  version(): Promise<string | undefined> {
    this.versionPromise ??= this.run(['--version']).then((result) => (result?.code === 0 ? result.output.trim().split('\n')[0] : undefined));
    return this.versionPromise;
  }

  /** `words` without the leading 'prefect'; undefined when the CLI could not be run. */
  help(words: string[]): Promise<InstalledHelp | undefined> {
    const key = words.join(' ');
    let cached = this.helpCache.get(key);
    if (!cached) {
      cached = this.run([...words, '--help']).then((result) => (result ? { exists: result.code === 0, text: tidy(result.output) } : undefined));
      this.helpCache.set(key, cached);
    }
    return cached;
  }

  private run(args: string[]): Promise<{ code: number; output: string } | undefined> {
    const next = this.queue.then(() => this.execute(args));
    this.queue = next;
    return next;
  }

  private execute(args: string[]): Promise<{ code: number; output: string } | undefined> {
    return new Promise((resolve) => {
      execFile(
        this.bin,
        args,
        {
          timeout: HELP_TIMEOUT_MS,
          maxBuffer: 1024 * 1024,
          // Plain, narrow-enough output; never prompt, never phone home for help text.
          env: { ...process.env, NO_COLOR: '1', TERM: 'dumb', COLUMNS: '100', PREFECT_CLI_PROMPT: 'false' },
        },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') return resolve(undefined); // missing binary, timeout, signal
          resolve({ code: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
        },
      );
    });
  }
}

/** Rich's box drawing is noise to a reader of plain text. */
function tidy(text: string): string {
  return text
    .replace(/[╭╮╰╯─]+/g, '')
    .replace(/^│ ?| ?│$/gm, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
