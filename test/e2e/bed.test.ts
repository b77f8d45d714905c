/**
 * Smoke test of the test bed itself: every seeded scenario really exists on the Prefect server, checked with
 * plain REST calls (independent of our MCP tools).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefectRest, requireTestBed } from '../helpers/bed.js';

interface State {
  type: string;
  name: string;
  message?: string | null;
}
interface FlowRun {
  id: string;
  name: string;
  state: State;
  state_type: string;
  state_name: string;
  deployment_id: string | null;
  parent_task_run_id: string | null;
  expected_start_time: string | null;
  tags: string[];
}
interface TaskRun {
  id: string;
  name: string;
  flow_run_id: string;
  run_count: number;
  state: State;
  empirical_policy: { retries?: number | null };
}
interface Log {
  message: string;
  level: number;
}
interface V2Limit {
  id: string;
  name: string;
  limit: number;
  active_slots: number;
}

const bed = requireTestBed();
const { seed } = bed;

const flowRun = (id: string) => prefectRest<FlowRun>('GET', `/flow_runs/${id}`);
const logsOf = (id: string) =>
  prefectRest<Log[]>('POST', '/logs/filter', { logs: { flow_run_id: { any_: [id] } }, sort: 'TIMESTAMP_ASC', limit: 200 });
const taskRunsOf = (id: string) => prefectRest<TaskRun[]>('POST', '/task_runs/filter', { flow_runs: { id: { any_: [id] } } });

test('the bed server is healthy and runs the pinned Prefect', async () => {
  assert.equal(await prefectRest<boolean>('GET', '/health'), true);
  assert.equal(await prefectRest<string>('GET', '/admin/version'), '3.8.8');
  assert.equal(seed.apiUrl, bed.apiUrl);
});

test('at least three flows exist, with the seeded names', async () => {
  const flows = await prefectRest<Array<{ id: string; name: string }>>('POST', '/flows/filter', {});
  const names = new Set(flows.map((flow) => flow.name));
  for (const flow of Object.values(seed.flows)) {
    assert.ok(names.has(flow.name), `flow ${flow.name} missing`);
    assert.ok(flows.some((f) => f.id === flow.id && f.name === flow.name));
  }
  assert.ok(flows.length >= 3);
});

test('the completed run has task runs (one retried) and logs', async () => {
  const run = await flowRun(seed.flowRuns.completed);
  assert.equal(run.state_type, 'COMPLETED');
  const tasks = await taskRunsOf(run.id);
  assert.equal(tasks.length, seed.taskRuns.completedRunTaskCount);
  assert.ok(tasks.every((task) => task.state.type === 'COMPLETED'));
  const extract = tasks.find((task) => task.id === seed.taskRuns.retriedThenCompleted.id);
  assert.ok(extract, 'retried task run belongs to the completed run');
  assert.equal(extract.run_count, 2);
  assert.equal(extract.empirical_policy.retries, 2);
  const logs = await logsOf(run.id);
  assert.ok(logs.some((log) => log.message.includes('Extracted 100 rows')), 'task log line present');
  assert.ok(logs.some((log) => log.message.includes('Retry 1/2')), 'retry log line present');
});

test('the failed run failed in a task whose retries ran out, with a traceback in its logs', async () => {
  const run = await flowRun(seed.flowRuns.failed);
  assert.equal(run.state_type, 'FAILED');
  assert.match(run.state.message ?? '', /ValueError/);
  const logs = await logsOf(run.id);
  const traceback = logs.find((log) => log.message.includes('Traceback (most recent call last)'));
  assert.ok(traceback, 'a log holds a Python traceback');
  assert.match(traceback.message, /ValueError: warehouse rejected batch/);
  assert.ok(logs.some((log) => log.message.includes('Retries are exhausted')));

  const tasks = await taskRunsOf(run.id);
  const failing = tasks.find((task) => task.id === seed.taskRuns.failedAfterRetries.id);
  assert.ok(failing);
  assert.equal(failing.state.type, 'FAILED');
  assert.equal(failing.run_count, 3);
  assert.equal(failing.empirical_policy.retries, 2);
});

test('the failed run is the most recent FAILED/CRASHED run', async () => {
  const runs = await prefectRest<FlowRun[]>('POST', '/flow_runs/filter', {
    flow_runs: { state: { type: { any_: ['FAILED', 'CRASHED'] } } },
    sort: 'START_TIME_DESC',
    limit: 1,
  });
  assert.equal(runs[0]?.id, seed.flowRuns.failed);
});

test('crashed, cancelled, running and awaiting-slot runs are in their states', async () => {
  assert.equal((await flowRun(seed.flowRuns.crashed)).state_type, 'CRASHED');
  const cancelled = await flowRun(seed.flowRuns.cancelled);
  assert.equal(cancelled.state_type, 'CANCELLED');
  assert.equal(cancelled.deployment_id, seed.deployments.paused.id);
  const running = await flowRun(seed.flowRuns.running);
  assert.equal(running.state_type, 'RUNNING');
  assert.equal(running.deployment_id, seed.deployments.saturated.id);
  const waiting = await flowRun(seed.flowRuns.awaitingConcurrencySlot);
  assert.equal(waiting.state_type, 'SCHEDULED');
  assert.equal(waiting.state_name, 'AwaitingConcurrencySlot');
  // Cancellable runs are seeded SCHEDULED, but cancel_flow_run tests may already have cancelled them.
  for (const id of seed.flowRuns.cancellable) {
    const run = await flowRun(id);
    assert.ok(['SCHEDULED', 'CANCELLING', 'CANCELLED'].includes(run.state_type), run.state_type);
    assert.ok(run.tags.includes('cancellable'));
  }
});

test('the parent run has two child subflow runs', async () => {
  const parent = await flowRun(seed.flowRuns.parent);
  assert.equal(parent.state_type, 'COMPLETED');
  const children = await prefectRest<FlowRun[]>('POST', '/flow_runs/filter', {
    flow_runs: { parent_flow_run_id: { any_: [parent.id] } },
  });
  assert.deepEqual(children.map((c) => c.id).sort(), [...seed.flowRuns.children].sort());
  for (const child of children) {
    assert.equal(child.state_type, 'COMPLETED');
    assert.ok(child.parent_task_run_id);
    const link = await prefectRest<TaskRun>('GET', `/task_runs/${child.parent_task_run_id}`);
    assert.equal(link.flow_run_id, parent.id);
  }
});

test('late runs are in state Late, scheduled in the past, in the expected deployments', async () => {
  const all = seed.flowRuns.allLate;
  assert.equal(all.length, 6);
  const byCause = seed.flowRuns.lateByCause;
  const deploymentOf: Record<string, string> = {};
  for (const id of byCause.noWorker) deploymentOf[id] = seed.deployments.late.id;
  for (const id of byCause.pausedPool) deploymentOf[id] = seed.deployments.pausedPool.id;
  for (const id of byCause.pausedQueue) deploymentOf[id] = seed.deployments.pausedQueue.id;
  for (const id of byCause.concurrency) deploymentOf[id] = seed.deployments.saturated.id;
  for (const id of all) {
    const run = await flowRun(id);
    assert.equal(run.state_type, 'SCHEDULED', id);
    assert.equal(run.state_name, 'Late', id);
    assert.ok(Date.parse(run.expected_start_time ?? '') < Date.now() - 60_000, 'scheduled at least a minute ago');
    assert.equal(run.deployment_id, deploymentOf[id]);
  }
});

test('deployments: paused schedule, paused deployment, active schedules, resolvable by flow/deployment name', async () => {
  interface Deployment {
    id: string;
    name: string;
    paused: boolean;
    work_pool_name: string;
    work_queue_name: string;
    global_concurrency_limit: { name: string; limit: number; active_slots: number } | null;
    schedules: Array<{ active: boolean }>;
  }
  const get = (fullName: string) => prefectRest<Deployment>('GET', `/deployments/name/${fullName}`);
  const pausedSchedule = await get(seed.deployments.pausedSchedule.fullName);
  assert.equal(pausedSchedule.id, seed.deployments.pausedSchedule.id);
  assert.equal(pausedSchedule.paused, false);
  assert.deepEqual(pausedSchedule.schedules.map((s) => s.active), [false]);

  const paused = await get(seed.deployments.paused.fullName);
  assert.equal(paused.paused, true);

  const late = await get(seed.deployments.late.fullName);
  assert.equal(late.paused, false);
  assert.deepEqual(late.schedules.map((s) => s.active), [true]);
  assert.equal(late.work_pool_name, seed.workPools.noWorker.name);

  assert.equal((await get(seed.deployments.pausedPool.fullName)).work_pool_name, seed.workPools.paused.name);
  assert.equal((await get(seed.deployments.pausedQueue.fullName)).work_queue_name, seed.workQueues.paused.name);
  const saturated = await get(seed.deployments.saturated.fullName);
  assert.equal(saturated.global_concurrency_limit?.name, seed.concurrencyLimits.deployment.name);
  assert.equal(saturated.global_concurrency_limit?.limit, 1);
  assert.ok((await get(seed.deployments.manual.fullName)).id);
});

test('work pools: one without workers, one paused, one with an online worker; a paused queue', async () => {
  interface Pool {
    name: string;
    is_paused: boolean;
    status: string;
  }
  interface Worker {
    name: string;
    status: string;
  }
  const pool = (name: string) => prefectRest<Pool>('GET', `/work_pools/${name}`);
  const workers = (name: string) => prefectRest<Worker[]>('POST', `/work_pools/${name}/workers/filter`, {});

  const noWorker = await pool(seed.workPools.noWorker.name);
  assert.equal(noWorker.is_paused, false);
  assert.equal(noWorker.status, 'NOT_READY');
  assert.deepEqual(await workers(seed.workPools.noWorker.name), []);

  const paused = await pool(seed.workPools.paused.name);
  assert.equal(paused.is_paused, true);
  assert.equal(paused.status, 'PAUSED');

  const withWorker = await pool(seed.workPools.withWorker.name);
  assert.equal(withWorker.status, 'READY');
  const online = await workers(seed.workPools.withWorker.name);
  assert.deepEqual(online.map((w) => [w.name, w.status]), [[seed.workers.online.name, 'ONLINE']]);

  const queue = await prefectRest<{ name: string; is_paused: boolean }>('GET', `/work_queues/${seed.workQueues.paused.id}`);
  assert.equal(queue.name, seed.workQueues.paused.name);
  assert.equal(queue.is_paused, true);
});

test('concurrency limits: a free global limit, and saturated global, tag and deployment limits', async () => {
  const limits = await prefectRest<V2Limit[]>('POST', '/v2/concurrency_limits/filter', {});
  const byName = new Map(limits.map((limit) => [limit.name, limit]));
  const global = byName.get(seed.concurrencyLimits.global.name);
  assert.ok(global);
  assert.equal(global.active_slots, 0);
  assert.equal(global.limit, 10);

  for (const name of [seed.concurrencyLimits.saturated.name, seed.concurrencyLimits.tag.v2Name, seed.concurrencyLimits.deployment.name]) {
    const limit = byName.get(name);
    assert.ok(limit, `${name} exists`);
    assert.equal(limit.active_slots, limit.limit, `${name} is saturated`);
  }
  assert.equal(byName.get(seed.concurrencyLimits.saturated.name)?.limit, 2);

  const tag = await prefectRest<{ tag: string; concurrency_limit: number }>('GET', `/concurrency_limits/tag/${seed.concurrencyLimits.tag.tag}`);
  assert.equal(tag.concurrency_limit, 1);
});

test('automations: one fired on the failed run, one never matched', async () => {
  const automations = await prefectRest<Array<{ id: string; name: string; enabled: boolean }>>('POST', '/automations/filter', {});
  const ids = new Set(automations.map((a) => a.id));
  assert.ok(ids.has(seed.automations.onFailure.id));
  assert.ok(ids.has(seed.automations.neverFired.id));

  interface EventPage {
    events: Array<{ event: string; resource: Record<string, string> }>;
    total: number;
  }
  const since = new Date(Date.parse(seed.createdAt) - 60_000).toISOString();
  const eventsFor = (id: string) =>
    prefectRest<EventPage>('POST', '/events/filter', {
      filter: { occurred: { since }, event: { prefix: ['prefect.automation.triggered'] }, resource: { id: [`prefect.automation.${id}`] } },
      limit: 50,
    });
  // The trigger service acts asynchronously; give it a few seconds at most.
  let fired = 0;
  for (let i = 0; i < 20 && fired === 0; i++) {
    fired = (await eventsFor(seed.automations.onFailure.id)).total;
    if (fired === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.ok(fired >= 1, 'the failure automation triggered');
  assert.equal((await eventsFor(seed.automations.neverFired.id)).total, 0);
  const expected = await prefectRest<EventPage>('POST', '/events/filter', {
    filter: { occurred: { since }, event: { name: [seed.automations.neverFired.expectedEvent] } },
  });
  assert.equal(expected.total, 0, 'no event ever matched the never-firing trigger');
});

test('variables, artifacts, the custom event and canary block documents exist', async () => {
  for (const variable of Object.values(seed.variables)) {
    const found = await prefectRest<{ name: string; value: unknown }>('GET', `/variables/name/${variable.name}`);
    assert.deepEqual(found.value, variable.value);
  }
  for (const artifact of [seed.artifacts.markdown, seed.artifacts.table]) {
    const found = await prefectRest<Array<{ key: string; type: string; flow_run_id: string }>>('POST', '/artifacts/filter', {
      artifacts: { key: { any_: [artifact.key] } },
    });
    assert.equal(found.length, 1);
    assert.equal(found[0].type, artifact.type);
    assert.equal(found[0].flow_run_id, artifact.flowRunId);
  }
  const custom = await prefectRest<{ total: number }>('POST', '/events/filter', {
    filter: { occurred: { since: new Date(Date.parse(seed.createdAt) - 60_000).toISOString() }, event: { name: [seed.events.custom.event] } },
  });
  assert.equal(custom.total, 1);

  for (const block of Object.values(seed.blocks)) {
    interface BlockDoc {
      name: string;
      block_type: { slug: string };
      data: unknown;
    }
    const masked = await prefectRest<BlockDoc>('GET', `/block_documents/${block.id}`);
    assert.equal(masked.name, block.name);
    assert.equal(masked.block_type.slug, block.blockType);
    assert.equal(!JSON.stringify(masked).includes(block.canary), block.maskedByServer, `${block.name}: masked by the server's default read`);
    const revealed = await prefectRest<BlockDoc>('GET', `/block_documents/${block.id}?include_secrets=true`);
    assert.ok(JSON.stringify(revealed.data).includes(block.canary), `${block.name} really stores its canary`);
  }
});
