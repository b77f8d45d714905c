/**
 * How each side is started, and one connector for both, so the A/B comparison goes through the
 * exact same MCP SDK Client and StdioClientTransport code path.
 *
 * Ours: `node dist/bin/prefect-mcp.js` with the test helpers' clean environment (no docs autobuild).
 * Theirs: `prefect-mcp-server` from the bench virtualenv, run from an empty working directory
 * (its settings read a `.env` from the cwd) with an empty PREFECT_HOME (no developer profile).
 * Community: the PyPI `prefect-mcp-server` 1.1.3 (another project of that name) from its own pinned venv,
 * started the same way; only the three-way comparison (bench/three-way.ts) uses it.
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { packageRoot } from '../src/paths.js';
import { CLI_PATH, serverEnv } from '../test/helpers/mcp.js';
import { PeakRssSampler } from './peak-rss.js';

export type Side = 'ours' | 'theirs';

export interface ServerSpec {
  side: Side | 'community';
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface BenchEnv {
  apiUrl: string;
  /** An empty directory used as PREFECT_HOME and as the official server's cwd. */
  emptyDir: string;
  /** The bench virtualenv that holds the official server. */
  benchVenv: string;
}

export function ourSpec(env: BenchEnv, docsDb?: string): ServerSpec {
  return {
    side: 'ours',
    command: process.execPath,
    args: [CLI_PATH],
    env: serverEnv({
      PREFECT_API_URL: env.apiUrl,
      PREFECT_HOME: env.emptyDir,
      PREFECT_MCP_DOCS_AUTOBUILD: '0',
      PREFECT_MCP_DOCS_DB: docsDb,
    }),
    cwd: packageRoot,
  };
}

/** `docsUrl` replaces the official server's remote docs MCP URL (PREFECT_DOCS_MCP_URL); default: its own. */
export function theirSpec(env: BenchEnv, docsUrl?: string): ServerSpec {
  const vars: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PREFECT_API_URL: env.apiUrl,
    PREFECT_HOME: env.emptyDir,
  };
  if (docsUrl) vars.PREFECT_DOCS_MCP_URL = docsUrl;
  return { side: 'theirs', command: join(env.benchVenv, 'bin', 'prefect-mcp-server'), args: [], env: vars, cwd: env.emptyDir };
}

/** The community server: only the Prefect API URL and an empty home; it reads nothing else but PREFECT_API_KEY. */
export function communitySpec(env: BenchEnv, venvDir: string): ServerSpec {
  return {
    side: 'community',
    command: join(venvDir, 'bin', 'prefect-mcp-server'),
    args: [],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PREFECT_API_URL: env.apiUrl, PREFECT_HOME: env.emptyDir },
    cwd: env.emptyDir,
  };
}

export interface Session {
  spec: ServerSpec;
  client: Client;
  pid: number;
  rss: PeakRssSampler;
  /** ms from spawn to a completed initialize handshake. */
  initializeMs: number;
  stderr(): string;
  close(): Promise<void>;
}

/** Spawn the server and complete the MCP initialize handshake; the clock starts right before the spawn. */
export async function openSession(spec: ServerSpec): Promise<Session> {
  const transport = new StdioClientTransport({ command: spec.command, args: spec.args, env: spec.env, cwd: spec.cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const client = new Client({ name: 'prefect-mcp-bench', version: '1.0.0' });
  const started = performance.now();
  try {
    await client.connect(transport, { timeout: 60_000 });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new Error(`${spec.side} server did not initialize: ${(error as Error).message}\n--- its stderr ---\n${stderr.slice(-3000)}`);
  }
  const initializeMs = performance.now() - started;
  const pid = transport.pid ?? 0;
  return {
    spec,
    client,
    pid,
    rss: new PeakRssSampler(pid),
    initializeMs,
    stderr: () => stderr,
    close: async () => {
      await client.close().catch(() => undefined);
      killIfAlive(pid);
    },
  };
}

/** The SDK ends the child with SIGTERM; a server that lingers past that is not worth waiting for. */
function killIfAlive(pid: number): void {
  if (!pid) return;
  try {
    process.kill(pid, 0);
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
