/**
 * A real `prefect server start` for the test bed: loopback, free port, temporary PREFECT_HOME (so a fresh
 * SQLite database every run), output captured to `<tmpDir>/prefect-server.log`.
 *
 * The server runs in its own process group; `stop()` signals the whole group (SIGTERM, then SIGKILL after
 * a grace period). It is also stopped on SIGINT/SIGTERM/SIGHUP and, synchronously with SIGKILL, when this
 * process exits for any reason, so a failing or interrupted test run never leaves a server behind.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { bedLog, envWithoutPrefect, fileTail, freePort, sleep, trackChild } from './util.js';
import type { Venv } from './venv.js';

export interface PrefectServer {
  /** e.g. http://127.0.0.1:54321/api */
  apiUrl: string;
  port: number;
  /** PREFECT_HOME of the server (holds the SQLite database). */
  home: string;
  logFile: string;
  pid: number;
  /** Seconds from spawn to a healthy /api/health. */
  startupSeconds: number;
  /** Stop the server and its whole process group. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPrefectServerOptions {
  venv: Venv;
  /** Folder for PREFECT_HOME and the log file (must exist or be creatable). */
  tmpDir: string;
  /** Default 600 s: a cold first start runs the database migrations, and a loaded machine may run them slowly. */
  startupTimeoutMs?: number;
  /** Extra server settings. */
  env?: Record<string, string>;
}

/** Settings every bed server gets. */
const SERVER_ENV: Record<string, string> = {
  PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
  PREFECT_UI_ENABLED: 'false',
  // Runs scheduled in the past are marked Late by this service; a short loop makes seeding faster.
  PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: '2',
  PREFECT_LOGGING_LEVEL: 'INFO',
};

async function healthy(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok && (await response.text()).trim() === 'true';
  } catch {
    return false;
  }
}

async function startOnce(options: StartPrefectServerOptions, attempt: number): Promise<PrefectServer> {
  const port = await freePort();
  const home = join(options.tmpDir, attempt === 0 ? 'prefect-home' : `prefect-home-${attempt}`);
  mkdirSync(home, { recursive: true });
  const logFile = join(options.tmpDir, attempt === 0 ? 'prefect-server.log' : `prefect-server-${attempt}.log`);
  const fd = openSync(logFile, 'a');
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const started = Date.now();

  const child = spawn(options.venv.prefect, ['server', 'start', '--host', '127.0.0.1', '--port', String(port)], {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: { ...envWithoutPrefect(), ...SERVER_ENV, ...options.env, PREFECT_HOME: home, PYTHONUNBUFFERED: '1' },
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`test bed: could not spawn ${options.venv.prefect}`);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  // Own process group (detached): stop() signals uvicorn and anything it spawned.
  const stop = trackChild(child, { group: true, graceMs: 10_000 });

  const deadline = started + (options.startupTimeoutMs ?? 600_000);
  while (!(await healthy(apiUrl))) {
    if (spawnError || exited || Date.now() > deadline) {
      const why = spawnError
        ? `could not be spawned (${spawnError.message})`
        : exited
          ? `exited during startup (code ${exited.code}, signal ${exited.signal})`
          : `was not healthy within ${Math.round((deadline - started) / 1000)} s`;
      await stop();
      const error = new Error(
        `test bed: prefect server on port ${port} ${why}. Last lines of ${logFile}:\n${fileTail(logFile, 40)}`,
      ) as Error & { portInUse?: boolean };
      error.portInUse = /address already in use|Errno 98/i.test(fileTail(logFile, 40));
      throw error;
    }
    await sleep(250);
  }
  const startupSeconds = (Date.now() - started) / 1000;
  return { apiUrl, port, home, logFile, pid, startupSeconds, stop };
}

/** Start a fresh Prefect server and wait until `/api/health` answers. */
export async function startPrefectServer(options: StartPrefectServerOptions): Promise<PrefectServer> {
  for (let attempt = 0; ; attempt++) {
    try {
      const server = await startOnce(options, attempt);
      bedLog(`prefect server ${server.apiUrl} healthy in ${server.startupSeconds.toFixed(1)} s (log: ${server.logFile})`);
      return server;
    } catch (error) {
      // Another process may grab the free port between our probe and uvicorn's bind: try another.
      if ((error as { portInUse?: boolean }).portInUse && attempt < 2) {
        bedLog('port was taken before the server bound it; retrying on another port');
        continue;
      }
      throw error;
    }
  }
}
