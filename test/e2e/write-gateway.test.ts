/**
 * run_deployment through a gateway that loses the answer: a loopback proxy in front of the REAL
 * seeded Prefect server forwards the first create_flow_run (Prefect creates the run) and then
 * answers 502 instead of Prefect's reply. Our client may re-send only because run_deployment
 * carries Prefect's idempotency_key, and Prefect answers the replay with the run it already made:
 * exactly one run exists afterwards, and the caller gets it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prefectRest, requireTestBed } from '../helpers/bed.js';
import { connectStdio } from '../helpers/mcp.js';

const bed = requireTestBed();
const upstream = new URL(bed.apiUrl);
let createRequests = 0;

const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const isCreate = req.method === 'POST' && /\/create_flow_run$/.test(req.url ?? '');
    if (isCreate) createRequests++;
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    fetch(`${upstream.origin}${req.url}`, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', accept: 'application/json' },
      body,
      signal: AbortSignal.timeout(60_000),
    })
      .then(async (answer) => {
        const text = await answer.text();
        if (isCreate && createRequests === 1) {
          res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
        } else {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
        }
      })
      .catch((error: Error) => res.writeHead(500).end(error.message));
  });
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${upstream.pathname}`;
after(() => {
  proxy.closeAllConnections();
  proxy.close();
});

test('a 502 after Prefect created the run: run_deployment re-sends with its idempotency key and exactly one run exists', async () => {
  const mcp = await connectStdio({ env: { PREFECT_API_URL: proxyUrl }, args: ['--allow-writes'] });
  const tag = `gateway-502-${Date.now()}`;
  try {
    const result = await mcp.client.callTool({ name: 'run_deployment', arguments: { deployment: bed.seed.deployments.manual.fullName, tags: [tag] } });
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    assert.ok(!result.isError, text);
    assert.equal(createRequests, 2, 'the create request was re-sent once after the 502');
    const runs = await prefectRest<Array<{ id: string }>>('POST', '/flow_runs/filter', { flow_runs: { tags: { all_: [tag] } } });
    assert.equal(runs.length, 1, `${runs.length} flow runs were created`);
    assert.equal((result.structuredContent as { flow_run: { id: string } }).flow_run.id, runs[0]!.id);
    // Leave nothing scheduled behind for other tests' late-run counts.
    await prefectRest('POST', `/flow_runs/${runs[0]!.id}/set_state`, { state: { type: 'CANCELLED' }, force: true });
  } finally {
    await mcp.close();
  }
});
