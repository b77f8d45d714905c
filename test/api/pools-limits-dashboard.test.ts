/**
 * get_work_pools, get_concurrency_limits and get_dashboard against the seeded bed server:
 * the seeded pools, queues, workers and limits come back with the right status and slots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prefectRest, requireTestBed } from '../helpers/bed.js';
import { connectStdio, type StdioConnection, callTool } from '../helpers/mcp.js';

describe('work pools, concurrency limits, dashboard', () => {
  const bed = requireTestBed();
  const { seed } = bed;
  let mcp: StdioConnection;
  const call = (name: string, args: Record<string, unknown> = {}) => callTool(mcp.client, name, args);
  before(async () => {
    mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  });
  after(() => mcp?.close());

  it('get_work_pools shows the paused pool, the pool without workers and the online worker', async () => {
    const r = await call('get_work_pools', { limit: 50 });
    assert.equal(r.isError, undefined, r.text);
    const pools = new Map<string, any>(r.data.work_pools.map((p: any) => [p.name, p]));
    const paused = pools.get(seed.workPools.paused.name);
    assert.equal(paused.is_paused, true);
    assert.equal(paused.status, 'PAUSED');
    assert.ok(paused.hints.some((h: string) => h.includes('paused')));
    const noWorker = pools.get(seed.workPools.noWorker.name);
    assert.equal(noWorker.workers_online, 0);
    assert.equal(noWorker.last_heartbeat_ago, 'never');
    assert.ok(noWorker.hints.some((h: string) => h.includes('no online worker')));
    const withWorker = pools.get(seed.workPools.withWorker.name);
    assert.equal(withWorker.status, 'READY');
    assert.equal(withWorker.workers_online, 1);
    assert.equal(withWorker.concurrency_limit, 5);
    assert.match(withWorker.last_heartbeat, /Z$/);
    assert.match(withWorker.last_heartbeat_ago, /ago$/);
    const queues = new Map<string, any>(withWorker.queues.map((q: any) => [q.name, q]));
    assert.equal(queues.get(seed.workQueues.paused.name).is_paused, true);
    assert.equal(queues.get(seed.workQueues.limited.name).concurrency_limit, seed.workQueues.limited.concurrencyLimit);
    assert.ok(withWorker.hints.some((h: string) => h.includes(`queue ${seed.workQueues.paused.name} is paused`)));
    // Compact text: one line per pool (plus at most one hint line), naming the worker state.
    assert.match(r.text, new RegExp(`${seed.workPools.withWorker.name} \\[.*workers 1/1 online`));
  });

  it('get_work_pools by name with detail lists workers; filters and limits behave', async () => {
    const r = await call('get_work_pools', { name: seed.workPools.withWorker.name, detail: true });
    assert.equal(r.data.work_pools.length, 1);
    const [worker] = r.data.work_pools[0].workers;
    assert.equal(worker.name, seed.workers.online.name);
    assert.equal(worker.status, 'ONLINE');
    assert.equal(typeof worker.last_heartbeat_seconds_ago, 'number');

    const official = await call('get_work_pools', { filter: { name: { any_: [seed.workPools.paused.name] } } });
    assert.deepEqual(official.data.work_pools.map((p: any) => p.name), [seed.workPools.paused.name]);

    const bad = await call('get_work_pools', { filter: { work_pools: { bogus: 1 } } });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /bogus/);
    const unknownTop = await call('get_work_pools', { filter: { work_pools: {}, nonsense: {} } });
    assert.equal(unknownTop.isError, true);
    assert.match(unknownTop.text, /nonsense/);

    const huge = await call('get_work_pools', { limit: 100000 });
    assert.equal(huge.isError, undefined, huge.text);
    assert.ok(huge.data.notes.some((n: string) => n.includes('clamped to 200')));

    const paged = await call('get_work_pools', { limit: 1 });
    assert.equal(paged.data.count, 1);
    assert.equal(paged.data.has_more, true);
    assert.equal(paged.data.next_offset, 1);
    const negative = await call('get_work_pools', { offset: -1 });
    assert.equal(negative.isError, true);
  });

  it('get_concurrency_limits reports every kind with active slots and flags saturated ones', async () => {
    const r = await call('get_concurrency_limits');
    assert.equal(r.isError, undefined, r.text);
    const find = (kind: string, name: string) => r.data.limits.find((l: any) => l.kind === kind && l.name === name);
    const global = find('global', seed.concurrencyLimits.global.name);
    assert.equal(global.limit, seed.concurrencyLimits.global.limit);
    assert.equal(global.saturated, false);
    const saturated = find('global', seed.concurrencyLimits.saturated.name);
    assert.equal(saturated.active_slots, seed.concurrencyLimits.saturated.activeSlots);
    assert.equal(saturated.saturated, true);
    const tag = find('tag', seed.concurrencyLimits.tag.tag);
    assert.equal(tag.limit, seed.concurrencyLimits.tag.limit);
    assert.equal(tag.active_slots, seed.concurrencyLimits.tag.activeSlots);
    assert.equal(tag.saturated, true);
    // Tag and deployment limits are not repeated as raw "tag:"/"deployment:" global limits.
    assert.equal(r.data.limits.some((l: any) => /^(tag|deployment):/.test(l.name)), false);
    const deployment = find('deployment', seed.deployments.saturated.fullName);
    assert.ok(deployment, r.text);
    assert.equal(deployment.saturated, true);
    assert.equal(find('work_pool', seed.workPools.withWorker.name).limit, 5);
    assert.equal(find('work_queue', `${seed.workQueues.limited.workPoolName}/${seed.workQueues.limited.name}`).limit, seed.workQueues.limited.concurrencyLimit);
    assert.match(r.text, new RegExp(`global ${seed.concurrencyLimits.saturated.name}: 2/2 slots \\(SATURATED\\)`));

    const only = await call('get_concurrency_limits', { saturated_only: true, kind: ['global'] });
    assert.deepEqual(only.data.limits.map((l: any) => l.name), [seed.concurrencyLimits.saturated.name]);
  });

  it('get_dashboard counts runs exactly by state type, late runs, pools and saturated limits', async () => {
    const r = await call('get_dashboard', { since: '7d' });
    assert.equal(r.isError, undefined, r.text);
    const { flow_runs: runs, window } = r.data;
    const sum = Object.values(runs.by_state_type as Record<string, number>).reduce((a, b) => a + b, 0);
    assert.equal(runs.total, sum);
    assert.ok(runs.late_now >= seed.flowRuns.allLate.length, `late_now ${runs.late_now}`);
    // Terminal states are not created by other tests, so they match Prefect's own count exactly.
    for (const type of ['FAILED', 'CRASHED', 'COMPLETED']) {
      const expected = await prefectRest<number>('POST', '/flow_runs/count', {
        flow_runs: { expected_start_time: { after_: window.since, before_: window.until }, state: { type: { any_: [type] } } },
      });
      assert.equal(runs.by_state_type[type], expected, type);
    }
    assert.ok(runs.by_state_type.FAILED >= 1 && runs.by_state_type.CRASHED >= 1);
    const pools = new Map<string, any>(r.data.work_pools.map((p: any) => [p.name, p]));
    assert.equal(pools.get(seed.workPools.withWorker.name).workers_online, 1);
    assert.equal(pools.get(seed.workPools.paused.name).is_paused, true);
    const saturatedNames = r.data.saturated_limits.map((l: any) => l.name);
    assert.ok(saturatedNames.includes(seed.concurrencyLimits.saturated.name));
    assert.ok(saturatedNames.includes(seed.concurrencyLimits.tag.tag));
    assert.ok(!saturatedNames.includes(seed.concurrencyLimits.global.name));
    assert.match(r.text, /Late right now: \d+/);

    const bad = await call('get_dashboard', { since: 'last tuesday' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /ISO 8601/);
  });
});
