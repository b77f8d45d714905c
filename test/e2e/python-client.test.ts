/**
 * An independent client: the Python MCP SDK (PyPI `mcp`, its own pinned venv) drives our server
 * over stdio and over Streamable HTTP against the real seeded Prefect server — initialize, list
 * tools, a read tool (get_flows) and a docs tool (search_docs) — so the server is not only tested
 * by the TypeScript SDK it is built on. Script: test/fixtures/mcp_client.py.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../src/paths.js';
import { ensureVenv } from '../bed/venv.js';
import { requireTestBed } from '../helpers/bed.js';
import { CLI_PATH, serverEnv, startHttpServer } from '../helpers/mcp.js';

const bed = requireTestBed();
const SCRIPT = join(packageRoot, 'test', 'fixtures', 'mcp_client.py');

interface ClientReport {
  server: string;
  protocol: string;
  tools: string[];
  get_flows: { isError: boolean; structured: { flows?: Array<{ name: string }> } | null; text: string };
  search_docs: { isError: boolean; structured: { results?: Array<{ title?: string; url?: string }> } | null; text: string };
}

async function runClient(args: string[], env: Record<string, string>): Promise<ClientReport> {
  const venv = await ensureVenv({ requirements: 'mcp-client' });
  const { stdout } = await promisify(execFile)(venv.python, [SCRIPT, ...args], { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ClientReport;
}

function assertReport(report: ClientReport): void {
  assert.equal(report.server, 'prefect-mcp');
  assert.ok(report.tools.includes('get_flows') && report.tools.includes('search_docs'), report.tools.join(', '));
  assert.equal(report.get_flows.isError, false, report.get_flows.text);
  const flowNames = (report.get_flows.structured?.flows ?? []).map((flow) => flow.name);
  assert.ok(flowNames.length > 0, `no flows in ${JSON.stringify(report.get_flows.structured).slice(0, 500)}`);
  assert.equal(report.search_docs.isError, false, report.search_docs.text);
  assert.ok((report.search_docs.structured?.results ?? []).length > 0, report.search_docs.text);
}

test('the Python MCP SDK client over stdio: initialize, list tools, get_flows, search_docs', { timeout: 600_000 }, async () => {
  const env = serverEnv({ PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_DOCS_DB: bed.docsDb });
  assertReport(await runClient(['stdio', process.execPath, CLI_PATH], env));
});

test('the Python MCP SDK client over Streamable HTTP: initialize, list tools, get_flows, search_docs', { timeout: 600_000 }, async () => {
  const server = await startHttpServer({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_DOCS_DB: bed.docsDb } });
  try {
    assertReport(await runClient(['http', server.url], serverEnv({})));
  } finally {
    await server.close();
  }
});
