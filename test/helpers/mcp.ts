/**
 * Drive OUR server (dist/bin/prefect-mcp.js) through the MCP SDK's real Client, over stdio and Streamable HTTP.
 *
 * Spawned servers get a clean environment: PATH and HOME (plus the SDK's few defaults), then
 *   PREFECT_MCP_DOCS_AUTOBUILD=0   no test ever tries to crawl the internet for docs
 *   PREFECT_HOME=<empty dir>       the developer's ~/.prefect profile never leaks in (bed runs only)
 *   PREFECT_MCP_DOCS_DB=<bed docs index>   when the bed built one
 *   PREFECT_MCP_TIMEOUT=60         a loaded machine's Prefect server may take longer than the 15 s default to
 *                                  answer, and a diagnosis given up half-way would fail a test for the machine's
 *                                  sake; tests of timeouts set their own
 * and finally the caller's `env` (which wins; a value of `undefined` removes a default).
 * The Prefect API URL is NOT defaulted: pass `env: { PREFECT_API_URL: bed.apiUrl }` explicitly.
 *
 * Every helper returns something with `close()`; call it in a `finally`/`t.after`. Children that a test
 * forgets are killed when the test process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { packageRoot } from '../../src/paths.js';

/** The compiled CLI under test. */
export const CLI_PATH = join(packageRoot, 'dist', 'bin', 'prefect-mcp.js');

export type EnvOverrides = Record<string, string | undefined>;

export interface SpawnOptions {
  /** Extra environment; wins over the defaults; `undefined` deletes a default. */
  env?: EnvOverrides;
  /** CLI arguments (before/after the subcommand as the CLI expects). */
  args?: string[];
}

const live = new Set<ChildProcess | { pid: number | null }>();
process.on('exit', () => {
  for (const child of live) {
    if (child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

/** The clean environment a spawned prefect-mcp gets (see the module comment). */
export function serverEnv(overrides: EnvOverrides = {}): Record<string, string> {
  const env: EnvOverrides = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PREFECT_MCP_DOCS_AUTOBUILD: '0',
    PREFECT_MCP_TIMEOUT: '60',
  };
  const docsDb = process.env.PREFECT_TEST_DOCS_DB;
  if (docsDb && !process.env.PREFECT_TEST_DOCS_DB_ERROR && existsSync(docsDb)) env.PREFECT_MCP_DOCS_DB = docsDb;
  if (process.env.PREFECT_TEST_TMP) env.PREFECT_HOME = join(process.env.PREFECT_TEST_TMP, 'empty-prefect-home');
  Object.assign(env, overrides);
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
  return clean;
}

function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: build with \`npx tsc -p tsconfig.json\``);
}

export interface StdioConnection {
  client: Client;
  transport: StdioClientTransport;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  pid: number | null;
  close(): Promise<void>;
}

/** Spawn `node dist/bin/prefect-mcp.js ...args` and connect a real MCP Client over stdio. */
export async function connectStdio(options: SpawnOptions = {}): Promise<StdioConnection> {
  assertBuilt();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, ...(options.args ?? [])],
    env: serverEnv(options.env),
    stderr: 'pipe',
    cwd: packageRoot,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer | string) => (stderr += chunk.toString()));
  const client = new Client({ name: 'prefect-mcp-tests', version: '0.0.0' });
  const handle = { pid: null as number | null };
  try {
    await client.connect(transport);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`connectStdio: initialize failed: ${(error as Error).message}\n--- server stderr ---\n${stderr}`);
  }
  handle.pid = transport.pid;
  live.add(handle);
  let closed: Promise<void> | undefined;
  return {
    client,
    transport,
    stderr: () => stderr,
    pid: transport.pid,
    close() {
      closed ??= (async () => {
        const pid = handle.pid;
        await client.close().catch(() => undefined);
        if (pid && (await waitForExit(pid, 3_000)) === false) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
        live.delete(handle);
      })();
      return closed;
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

export interface HttpConnection {
  client: Client;
  transport: StreamableHTTPClientTransport;
  close(): Promise<void>;
}

/** Connect a real MCP Client to a Streamable HTTP endpoint (e.g. `server.url` from startHttpServer). */
export async function connectHttp(url: string, options: { headers?: Record<string, string> } = {}): Promise<HttpConnection> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: options.headers ? { headers: options.headers } : undefined,
  });
  const client = new Client({ name: 'prefect-mcp-tests', version: '0.0.0' });
  await client.connect(transport);
  return {
    client,
    transport,
    close: () => client.close().catch(() => undefined),
  };
}

export interface HttpServerProcess {
  /** The MCP endpoint, e.g. http://127.0.0.1:40123/mcp */
  url: string;
  /** e.g. http://127.0.0.1:40123 (for /healthz) */
  origin: string;
  port: number;
  pid: number;
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s. Idempotent. */
  close(): Promise<void>;
}

/**
 * Spawn `node dist/bin/prefect-mcp.js serve --http --port 0 ...args` and wait for its
 * `listening on http://HOST:PORT/mcp` line on stderr. Pass `--port N`/`--host H` in args to override.
 */
export async function startHttpServer(options: SpawnOptions & { timeoutMs?: number } = {}): Promise<HttpServerProcess> {
  assertBuilt();
  const extra = options.args ?? [];
  const args = [CLI_PATH, 'serve', '--http', ...(extra.includes('--port') ? [] : ['--port', '0']), ...extra];
  // The listening line is logged at info level: make sure a quieter level in env does not hide it.
  const env = serverEnv({ PREFECT_MCP_LOG_LEVEL: 'info', ...options.env });
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: packageRoot });
  live.add(child);
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "listening on" line within ${options.timeoutMs ?? 20_000} ms`), options.timeoutMs ?? 20_000);
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`startHttpServer: ${why}\n--- server stderr ---\n${stderr}${stdout ? `\n--- stdout ---\n${stdout}` : ''}`));
    };
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const match = /listening on (https?:\/\/\S+?\/mcp)\b/.exec(stderr);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`server exited before listening (code ${code}, signal ${signal})`));
    child.once('error', (error) => fail(`spawn failed: ${error.message}`));
  });

  const parsed = new URL(url);
  let closed: Promise<void> | undefined;
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    pid: child.pid ?? 0,
    stderr: () => stderr,
    close() {
      closed ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        live.delete(child);
      })();
      return closed;
    },
  };
}

/** A tool call's outcome in the form tests assert on. `isError` stays as the server sent it (absent on success). */
export interface ToolOutcome {
  isError?: boolean;
  /** The text content parts, joined. */
  text: string;
  /** structuredContent; loosely typed because each test reads its own tool's output shape. */
  data: any;
  /** The whole result as JSON, for leak checks. */
  raw: string;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolOutcome> {
  const result = await client.callTool({ name, arguments: args });
  const parts = (result.content ?? []) as Array<{ text?: string }>;
  return {
    isError: result.isError as boolean | undefined,
    text: parts.map((part) => part.text ?? '').join('\n'),
    data: result.structuredContent,
    raw: JSON.stringify(result),
  };
}
