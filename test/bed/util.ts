/** Small shared pieces of the test bed: logging to stderr, output tails, free ports, cleanup on exit/signals. */
import { existsSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Harness logs go to stderr (stdout belongs to the test reporter). */
export function bedLog(message: string): void {
  process.stderr.write(`[test-bed] ${message}\n`);
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The last `lines` lines of a file ('' when it does not exist). */
export function fileTail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return tail(readFileSync(file, 'utf8'), lines);
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Cleanup registry. `syncKill` runs on process exit (only synchronous work is possible there);
 * `stop` runs on SIGINT/SIGTERM/SIGHUP before the process exits with 128+signal.
 */
interface Cleanup {
  stop(): Promise<void>;
  syncKill(): void;
}

const cleanups = new Set<Cleanup>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const cleanup of cleanups) {
      try {
        cleanup.syncKill();
      } catch {
        // best effort at exit
      }
    }
  });
  const signals: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ];
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      bedLog(`${signal}: stopping the test bed`);
      const all = [...cleanups].map((cleanup) => cleanup.stop().catch(() => undefined));
      void Promise.race([Promise.all(all), sleep(15_000)]).finally(() => process.exit(code));
    });
  }
}

/** Register a cleanup; returns a function that unregisters it. */
export function onCleanup(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** The environment with every PREFECT_* variable removed, so the caller's profile/API never leaks into the bed. */
export function envWithoutPrefect(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('PREFECT_')) env[key] = value;
  }
  return env;
}

/**
 * Tie a child process to this process: it is stopped on SIGINT/SIGTERM/SIGHUP and SIGKILLed when this
 * process exits, unless it exited by itself first. With `group`, signals go to its whole process group
 * (spawn it with `detached: true`). Returns an idempotent stop: SIGTERM, then SIGKILL after `graceMs`.
 */
export function trackChild(child: ChildProcess, options: { group?: boolean; graceMs?: number } = {}): () => Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return async () => undefined;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(options.group ? -pid : pid, sig);
    } catch {
      // already gone
    }
  };
  let exited = child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((resolve) => {
    if (exited) resolve();
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        signal('SIGTERM');
        await Promise.race([exit, sleep(options.graceMs ?? 5_000)]);
      }
      // A group may hold stragglers after its leader exited; a single child needs nothing more once gone.
      if (options.group || !exited) signal('SIGKILL');
    })();
    return stopping;
  };
  const unregister = onCleanup({ stop, syncKill: () => (options.group || !exited) && signal('SIGKILL') });
  void exit.then(() => {
    if (!options.group) unregister();
  });
  return async () => {
    await stop();
    unregister();
  };
}
