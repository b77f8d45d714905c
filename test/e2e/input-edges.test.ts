/**
 * Inputs at the edge, over stdio against the real seeded server: bounds reject oversized values
 * with a short error and the session keeps answering; blank times mean "omitted"; a request too
 * large for the transport is logged with its size before the process ends.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { requireTestBed } from '../helpers/bed.js';
import { CLI_PATH, connectStdio, serverEnv, type StdioConnection } from '../helpers/mcp.js';

const bed = requireTestBed();
let mcp: StdioConnection;
before(async () => {
  mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl }, args: ['--allow-writes'] });
});
after(() => mcp?.close());

const text = (result: unknown) => ((result as { content?: Array<{ text: string }> }).content ?? [])[0]?.text ?? '';

test('oversized values are refused by the schema with a short error, and later calls still answer', async () => {
  const huge = 'x'.repeat(200_000);
  for (const [name, args] of [
    ['get_cli_help', { command: `prefect ${huge}` }],
    ['search_docs', { query: huge }],
    ['get_flow_runs', { tags: [huge] }],
    ['get_flow_runs', { tags: Array.from({ length: 4000 }, () => 1) }],
    ['run_deployment', { deployment: bed.seed.deployments.manual.fullName, wait_seconds: 1e308 }],
    ['get_flows', { filter: { flows: { name: { any_: Array.from({ length: 3000 }, (_, i) => `name-${i}-${'y'.repeat(20)}`) } } } }],
  ] as const) {
    const result = await mcp.client.callTool({ name, arguments: args as Record<string, unknown> });
    assert.equal(result.isError, true, `${name} accepted an oversized argument`);
    assert.ok(text(result).length <= 4200, `${name}: error of ${text(result).length} chars`);
    assert.doesNotMatch(text(result), /prefect-mcp bug/);
  }
  const help = await mcp.client.callTool({ name: 'get_cli_help', arguments: { command: 'prefect deployment run' } });
  assert.ok(!help.isError, text(help));
  const flows = await mcp.client.callTool({ name: 'get_flows', arguments: {} });
  assert.ok(!flows.isError, text(flows));
});

test('a blank since / occurred_after counts as omitted instead of failing output validation', async () => {
  for (const [name, args] of [
    ['read_events', { occurred_after: '' }],
    ['get_flow_runs', { since: ' ' }],
    ['get_dashboard', { since: '' }],
    ['diagnose_late_runs', { since: '' }],
  ] as const) {
    const result = await mcp.client.callTool({ name, arguments: args });
    assert.ok(!result.isError, `${name}: ${text(result)}`);
  }
});

test('a stdio request over the 10 MiB limit is logged with its size, and the process exits 1', async () => {
  const child = spawn(process.execPath, [CLI_PATH], { env: serverEnv({ PREFECT_API_URL: bed.apiUrl }), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  // The server closes stdin once the line passes the limit: the rest of the write fails, as it should.
  child.stdin.on('error', () => undefined);
  const exited = once(child, 'exit');
  const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } };
  child.stdin.write(JSON.stringify(init) + '\n');
  const big = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_docs', arguments: { query: 'q'.repeat(20 * 1024 * 1024) } } });
  child.stdin.end(big + '\n');
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  assert.equal(code, 1, stderr.slice(-2000));
  assert.match(stderr, /a request of at least \d{8,} bytes exceeds the 10485760-byte limit/);
});
