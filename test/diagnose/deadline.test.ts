/**
 * The diagnosis deadline on the real seeded server, with one endpoint that never answers: a
 * loopback proxy in front of the bed server holds POST /task_runs/filter and forwards everything
 * else. diagnose_flow_run must still answer, say PARTIAL and name the part that timed out, and keep
 * every finding the other parts produced (the exception comes from the logs).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireTestBed } from '../helpers/bed.js';
import { callTool, connectStdio, type StdioConnection } from '../helpers/mcp.js';

const bed = requireTestBed();
const { seed } = bed;
const HELD = '/task_runs/filter';
let proxy: Server;
let held = 0;
let mcp: StdioConnection;

before(async () => {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const path = (req.url ?? '').replace(/^\/api/, '');
      if (path.split('?')[0] === HELD) {
        held++;
        return; // never answered: the client's own timeout has to end it
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const upstream = await fetch(`${bed.apiUrl}${path}`, { method: req.method, headers: body ? { 'content-type': 'application/json' } : undefined, body });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api`;
  // A 5 s request timeout: long enough for the bed server's other answers on a loaded machine, short for the test.
  mcp = await connectStdio({ env: { PREFECT_API_URL: proxied, PREFECT_MCP_TIMEOUT: '5', PREFECT_MCP_DOCS_DB: bed.docsDb } });
});
after(async () => {
  await mcp?.close();
  proxy?.closeAllConnections();
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
});

test('diagnose_flow_run with a silent task-runs endpoint answers PARTIAL, names it, and keeps the exception from the logs', async () => {
  const outcome = await callTool(mcp.client, 'diagnose_flow_run', { flow_run_id: seed.flowRuns.failed });
  assert.ok(!outcome.isError, outcome.text);
  assert.ok(held >= 1, 'the task-runs request reached the proxy');
  assert.deepEqual(outcome.data.timed_out, ['task runs']);
  assert.match(outcome.text, /PARTIAL: no answer in time from task runs; findings that depend on them are missing\./);
  assert.equal(outcome.data.flow_run.id, seed.flowRuns.failed);
  assert.equal(outcome.data.exception?.type, seed.taskRuns.failedAfterRetries.exceptionType);
  assert.equal(outcome.data.exception?.message, seed.taskRuns.failedAfterRetries.message);
  assert.deepEqual(outcome.data.failed_task_runs, [], 'no task runs were read');
});
