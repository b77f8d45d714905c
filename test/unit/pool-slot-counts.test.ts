/**
 * Full work-pool and queue limits on servers without /work_pools/{name}/concurrency_status (Prefect 3.1-3.6,
 * whose pools carry no active_slots either): the diagnosis counts the Pending and Running runs itself and says
 * so in the evidence. Against a loopback server that answers like a 3.1 server (404 on the endpoint) or like a
 * 3.8 one; every request is recorded, so the test also shows which endpoints each path reads.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/resolve.js';
import { PrefectClient } from '../../src/prefect/client.js';
import type { ToolContext } from '../../src/tools/define-tool.js';
import { BlockerScan, COUNTED_NOTE } from '../../src/tools/diagnose/blockers.js';

const NOW = new Date().toISOString();
const POOL = { id: 'pool-1', name: 'old-pool', type: 'process', is_paused: false, concurrency_limit: 1, status: 'READY', active_slots: null };
const QUEUE = { id: 'queue-1', name: 'default', work_pool_name: 'old-pool', is_paused: false, concurrency_limit: 1 };
const WORKER = { name: 'worker-1', status: 'ONLINE', last_heartbeat_time: NOW };
const HOLDER = { id: 'run-1', name: 'holder-run', state_type: 'RUNNING', state_name: 'Running', start_time: NOW, work_pool_name: 'old-pool' };

/** How the fake server answers concurrency_status: a 3.1 server has no such route, a 3.8 one counts itself. */
type StatusRoute = 'missing' | { active_slots: number; queues: Array<{ queue_name: string; active_slots: number }> };

interface Recorded {
  path: string;
  body: unknown;
}

async function fakePrefect(status: StatusRoute) {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/^\/api/, '').split('?')[0]!;
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as unknown) : null;
      requests.push({ path, body });
      const json = (code: number, value: unknown) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (path === '/work_pools/old-pool') return json(200, POOL);
      if (path === '/work_pools/old-pool/queues/filter') return json(200, [QUEUE]);
      if (path === '/work_pools/old-pool/workers/filter') return json(200, [WORKER]);
      if (path === '/work_pools/old-pool/concurrency_status') return status === 'missing' ? json(404, { detail: 'Not Found' }) : json(200, status);
      if (path === '/flow_runs/count') return json(200, 1);
      if (path === '/flow_runs/filter') return json(200, [HOLDER]);
      if (path === '/logs/filter') return json(200, []);
      if (path === '/events/filter') return json(200, { events: [], total: 0, next_page: null });
      json(404, { detail: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const config = resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_URL: apiUrl }, flags: { timeoutSeconds: 5 } });
  const client = new PrefectClient(config);
  const docs = { cliCommand: () => undefined, search: () => [] } as unknown as ToolContext['docs'];
  const ctx: ToolContext = { config, prefect: () => client, docs };
  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { ctx, requests, close };
}

describe('work pool and queue slots', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  after(async () => Promise.all(servers.map((s) => s.close())));

  it('are counted from Pending and Running runs when the server has no concurrency_status (Prefect < 3.8)', async () => {
    const fake = await fakePrefect('missing');
    servers.push(fake);
    const findings = await new BlockerScan(fake.ctx).forPool('old-pool', 'default');

    const saturated = findings.filter((f) => f.code === 'concurrency_saturated');
    assert.deepEqual(
      saturated.map((f) => f.cause.split(' is full')[0]),
      ['Concurrency limit on work pool old-pool', 'Concurrency limit on work queue old-pool/default'],
    );
    for (const finding of saturated) {
      assert.match(finding.evidence, /1\/1 slots in use; held by run holder-run/);
      assert.ok(finding.evidence.endsWith(COUNTED_NOTE), finding.evidence);
    }
    const counts = fake.requests.filter((r) => r.path === '/flow_runs/count').map((r) => r.body);
    assert.deepEqual(counts, [
      { flow_runs: { state: { type: { any_: ['PENDING', 'RUNNING'] } } }, work_pools: { name: { any_: ['old-pool'] } } },
      {
        flow_runs: { state: { type: { any_: ['PENDING', 'RUNNING'] } } },
        work_pools: { name: { any_: ['old-pool'] } },
        work_pool_queues: { name: { any_: ['default'] } },
      },
    ]);
  });

  it('come from concurrency_status when the server has it, without counting runs', async () => {
    const fake = await fakePrefect({ active_slots: 1, queues: [{ queue_name: 'default', active_slots: 0 }] });
    servers.push(fake);
    const findings = await new BlockerScan(fake.ctx).forPool('old-pool', 'default');

    const saturated = findings.filter((f) => f.code === 'concurrency_saturated');
    assert.equal(saturated.length, 1, 'the queue has a free slot by the server\'s own count');
    assert.match(saturated[0]!.cause, /work pool old-pool is full/);
    assert.ok(!saturated[0]!.evidence.includes(COUNTED_NOTE), saturated[0]!.evidence);
    assert.equal(fake.requests.filter((r) => r.path === '/flow_runs/count').length, 0);
  });
});
