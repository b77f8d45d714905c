/**
 * Part 1 of the read-only API toolset (flows, deployments, flow runs, logs, task runs), driven through the
 * real MCP SDK Client over stdio against the seeded bed server. Assertions are on content: the seeded
 * objects by id/name, their states, counts, relations by name, and actionable errors on bad input.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { requireTestBed, type SeedManifest } from '../helpers/bed.js';
import { connectStdio, type StdioConnection } from '../helpers/mcp.js';

type Result = { isError?: boolean; content: Array<{ type: string; text?: string }>; structuredContent?: Record<string, any> };

let conn: StdioConnection;
let client: Client;
let seed: SeedManifest;

async function call(name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}

async function ok(name: string, args: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const result = await call(name, args);
  assert.ok(!result.isError, `${name} ${JSON.stringify(args)} failed: ${result.content[0]?.text}`);
  assert.ok(result.structuredContent, `${name} returned no structuredContent`);
  return result.structuredContent;
}

async function fails(name: string, args: Record<string, unknown>, pattern: RegExp): Promise<string> {
  const result = await call(name, args);
  assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} should fail, got: ${result.content[0]?.text?.slice(0, 300)}`);
  const text = result.content[0]?.text ?? '';
  assert.match(text, pattern);
  return text;
}

const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

before(async () => {
  const bed = requireTestBed();
  seed = bed.seed;
  conn = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  client = conn.client;
});
after(async () => conn?.close());

describe('tools/list', () => {
  it('lists the six tools read-only with output schemas', async () => {
    const { tools } = await client.listTools();
    for (const name of ['get_flows', 'get_deployments', 'get_flow_runs', 'get_flow_run', 'get_flow_run_logs', 'get_task_runs']) {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool, `${name} missing from tools/list`);
      assert.equal(tool.annotations?.readOnlyHint, true);
      assert.equal(tool.annotations?.destructiveHint, false);
      assert.equal(tool.annotations?.openWorldHint, true);
      assert.equal(tool.outputSchema?.type, 'object');
    }
  });
});

describe('get_flows', () => {
  it('searches names case-insensitively and names each flow’s deployments', async () => {
    const data = await ok('get_flows', { name_contains: 'HELLO', limit: 50 });
    const hello = data.flows.find((flow: any) => flow.id === seed.flows.hello.id);
    assert.ok(hello, 'hello-flow not found by name_contains HELLO');
    assert.equal(hello.name, seed.flows.hello.name);
    for (const deployment of [seed.deployments.paused, seed.deployments.saturated, seed.deployments.manual]) {
      assert.ok(hello.deployments.includes(deployment.name), `${deployment.name} missing from ${hello.deployments}`);
    }
    assert.ok(data.flows.every((flow: any) => flow.name.toLowerCase().includes('hello')));
    assert.equal(hello.full, undefined, 'compact by default');
  });

  it('gets one flow by id in full and pages with has_more', async () => {
    const one = await ok('get_flows', { id: seed.flows.etl.id });
    assert.deepEqual(ids(one.flows), [seed.flows.etl.id]);
    assert.equal(one.flows[0].full.name, seed.flows.etl.name);

    const first = await ok('get_flows', { limit: 2 });
    assert.equal(first.count, 2);
    assert.equal(first.has_more, true);
    assert.equal(first.next_offset, 2);
    const second = await ok('get_flows', { limit: 2, offset: 2 });
    assert.equal(ids(first.flows).filter((id) => ids(second.flows).includes(id)).length, 0, 'pages overlap');
  });
});

describe('get_deployments', () => {
  it('gets a deployment by "flow_name/deployment_name"', async () => {
    const late = seed.deployments.late;
    const data = await ok('get_deployments', { name: late.fullName });
    assert.equal(data.count, 1);
    const deployment = data.deployments[0];
    assert.equal(deployment.id, late.id);
    assert.equal(deployment.slug, late.fullName);
    assert.equal(deployment.flow, late.flowName);
    assert.equal(deployment.work_pool, late.workPoolName);
    assert.equal(deployment.paused, false);
    assert.ok(deployment.schedules.length > 0 && deployment.schedules.every((s: any) => s.active));
  });

  it('filters by paused and by schedule state', async () => {
    const paused = await ok('get_deployments', { paused: true, limit: 200 });
    assert.ok(ids(paused.deployments).includes(seed.deployments.paused.id));
    assert.ok(!ids(paused.deployments).includes(seed.deployments.late.id));
    assert.ok(paused.deployments.every((d: any) => d.paused));

    const inactive = await ok('get_deployments', { schedule: 'inactive', limit: 200 });
    const inactiveIds = ids(inactive.deployments);
    assert.ok(inactiveIds.includes(seed.deployments.pausedSchedule.id), 'paused schedule not listed as inactive');
    assert.ok(!inactiveIds.includes(seed.deployments.late.id));
    const ps = inactive.deployments.find((d: any) => d.id === seed.deployments.pausedSchedule.id);
    assert.ok(ps.schedules.every((s: any) => !s.active));

    const active = await ok('get_deployments', { schedule: 'active', limit: 200 });
    assert.ok(ids(active.deployments).includes(seed.deployments.late.id));
    assert.ok(!ids(active.deployments).includes(seed.deployments.pausedSchedule.id));

    const none = await ok('get_deployments', { schedule: 'none', flow_name: seed.flows.hello.name });
    assert.deepEqual(ids(none.deployments).sort(), [seed.deployments.manual.id, seed.deployments.stuck.id].sort());
  });

  it('explains an unknown "flow/deployment"', async () => {
    await fails('get_deployments', { name: `${seed.flows.hello.name}/no-such-deployment` }, /No deployment "no-such-deployment".*get_deployments/);
  });
});

describe('get_flow_runs', () => {
  it('finds the Late runs of a deployment by state name, with lateness', async () => {
    const data = await ok('get_flow_runs', { state_name: ['late'], deployment: seed.deployments.late.fullName, limit: 50 });
    assert.deepEqual(ids(data.flow_runs).sort(), [...seed.flowRuns.late].sort());
    for (const run of data.flow_runs) {
      assert.equal(run.state, 'Late');
      assert.equal(run.state_type, 'SCHEDULED');
      assert.equal(run.flow, seed.deployments.late.flowName);
      assert.equal(run.deployment, seed.deployments.late.name);
      assert.ok(run.lateness_seconds >= 9 * 60, `lateness ${run.lateness_seconds}`);
      assert.match(run.lateness, /\d+m/);
    }
  });

  it('filters by state type and flow name and names relations', async () => {
    const data = await ok('get_flow_runs', { state_type: ['FAILED'], flow_name: seed.flows.flaky.name });
    const failed = data.flow_runs.find((run: any) => run.id === seed.flowRuns.failed);
    assert.ok(failed, 'seeded failed run missing');
    assert.equal(failed.state_type, 'FAILED');
    assert.equal(failed.flow, seed.flows.flaky.name);
    assert.ok(data.flow_runs.every((run: any) => run.state_type === 'FAILED' && run.flow === seed.flows.flaky.name));

    const cancelled = await ok('get_flow_runs', { state_type: ['CANCELLED'], limit: 50 });
    assert.ok(ids(cancelled.flow_runs).includes(seed.flowRuns.cancelled));
  });

  it('accepts what assistants send: a single state, any casing, a deployment id, a flow run name', async () => {
    const single = await ok('get_flow_runs', { state_type: 'failed', flow_name: seed.flows.flaky.name });
    assert.ok(ids(single.flow_runs).includes(seed.flowRuns.failed));
    assert.ok(single.flow_runs.every((run: any) => run.state_type === 'FAILED'));
    const byName = await ok('get_flow_runs', { state_name: 'LATE', deployment: seed.deployments.late.id, sort: 'expected_start_time_asc', limit: 50 });
    assert.deepEqual(ids(byName.flow_runs).sort(), [...seed.flowRuns.late].sort());
    const running = await ok('get_flow_runs', { state_type: 'RUNNING', limit: 50 });
    assert.ok(ids(running.flow_runs).includes(seed.flowRuns.running));
    assert.ok(running.flow_runs.every((run: any) => run.state_type === 'RUNNING'));

    const failedRun = await ok('get_flow_run', { flow_run_id: seed.flowRuns.failed });
    const again = await ok('get_flow_run', { flow_run_id: failedRun.flow_run.name });
    assert.equal(again.flow_run.id, seed.flowRuns.failed);
    await fails('get_flow_run', { flow_run_id: 'no-such-run-name' }, /neither a flow run id nor the name of one.*get_flow_runs/);

    const deployment = await ok('get_deployments', { id: seed.deployments.late.fullName });
    assert.deepEqual(ids(deployment.deployments), [seed.deployments.late.id]);
    const flow = await ok('get_flows', { id: seed.flows.flaky.name });
    assert.deepEqual(ids(flow.flows), [seed.flows.flaky.id]);
  });

  it('links every run and deployment into the Prefect UI (text and structured)', async () => {
    const ui = requireTestBed().apiUrl.replace(/\/api$/, '');
    const result = await call('get_flow_runs', { limit: 5 });
    const runs = result.structuredContent!.flow_runs as Array<{ id: string; ui_url: string }>;
    assert.ok(runs.length > 0);
    for (const run of runs) {
      assert.equal(run.ui_url, `${ui}/runs/flow-run/${run.id}`);
      assert.ok(result.content[0].text!.includes(run.ui_url));
    }
    const deployment = await ok('get_deployments', { name: seed.deployments.late.fullName });
    assert.equal(deployment.deployments[0].ui_url, `${ui}/deployments/deployment/${seed.deployments.late.id}`);
    const pools = await ok('get_work_pools', { name: seed.workPools.paused.name });
    assert.equal(pools.work_pools[0].ui_url, `${ui}/work-pools/work-pool/${seed.workPools.paused.name}`);
    const automations = await ok('get_automations', { name: seed.automations.onFailure.name });
    assert.equal(automations.automations[0].ui_url, `${ui}/automations/automation/${seed.automations.onFailure.id}`);
  });

  it('passes raw filter JSON through (object filter or full body)', async () => {
    const byId = await ok('get_flow_runs', { filter: { id: { any_: [seed.flowRuns.completed] } } });
    assert.deepEqual(ids(byId.flow_runs), [seed.flowRuns.completed]);
    const children = await ok('get_flow_runs', { filter: { flow_runs: { parent_flow_run_id: { any_: [seed.flowRuns.parent] } } } });
    assert.deepEqual(ids(children.flow_runs).sort(), [...seed.flowRuns.children].sort());
    assert.ok(children.flow_runs.every((run: any) => run.subflow === true && run.flow === seed.flows.child.name));
  });

  it('rejects unknown filter keys by name instead of returning everything', async () => {
    await fails('get_flow_runs', { filter: { flow_runs: {}, bogus_key: 1 } }, /bogus_key/);
    await fails('get_flow_runs', { filter: { state: { typo_field: { any_: ['FAILED'] } } } }, /typo_field.*Extra inputs/);
    await fails('get_flow_runs', { filter: { state: { type: { any_: ['EXPLODED'] } } } }, /422.*state\.type/);
  });

  it('clamps huge limits with a note and pages with has_more', async () => {
    const huge = await ok('get_flow_runs', { limit: 5000 });
    assert.ok(huge.notes.some((note: string) => /clamped to 200/.test(note)));
    assert.ok(huge.count <= 200);
    const one = await ok('get_flow_runs', { limit: 1 });
    assert.equal(one.count, 1);
    assert.equal(one.has_more, true);
    assert.equal(one.next_offset, 1);
  });

  it('rejects bad input with isError and keeps serving', async () => {
    await fails('get_flow_runs', { offset: -1 }, /offset/);
    await fails('get_flow_runs', { limit: 'ten' }, /limit/);
    await fails('get_flow_runs', { state_type: ['NOPE'] }, /state_type/);
    await fails('get_flow_runs', { since: 'yesterday-ish' }, /since.*ISO 8601/);
    await fails('get_flow_runs', { parent_flow_run_id: 'not-a-uuid' }, /not a valid flow run id/);
    const still = await ok('get_flow_runs', { limit: 1 });
    assert.equal(still.count, 1);
  });
});

describe('get_flow_run', () => {
  it('shows the failed run in full with its failed task', async () => {
    const data = await ok('get_flow_run', { flow_run_id: seed.flowRuns.failed });
    assert.equal(data.flow_run.id, seed.flowRuns.failed);
    assert.equal(data.flow_run.state_type, 'FAILED');
    assert.equal(data.flow_run.flow, seed.flows.flaky.name);
    assert.equal(data.state_history.at(-1).type, 'FAILED');
    assert.ok(data.state_history.some((s: any) => s.type === 'RUNNING'));
    assert.ok(data.task_runs.failed.includes(seed.taskRuns.failedAfterRetries.name));
    assert.ok(data.task_runs.total >= 1);
  });

  it('links parent and subflow runs', async () => {
    const parent = await ok('get_flow_run', { flow_run_id: seed.flowRuns.parent });
    assert.deepEqual(ids(parent.subflows).sort(), [...seed.flowRuns.children].sort());
    assert.equal(parent.parent, null);
    const child = await ok('get_flow_run', { flow_run_id: seed.flowRuns.children[0] });
    assert.equal(child.parent.id, seed.flowRuns.parent);
    assert.equal(child.flow_run.subflow, true);
  });

  it('shows the completed run’s task-run summary and a deployment run’s pool', async () => {
    const completed = await ok('get_flow_run', { flow_run_id: seed.flowRuns.completed });
    assert.equal(completed.task_runs.total, seed.taskRuns.completedRunTaskCount);
    assert.equal(completed.task_runs.by_state.Completed, seed.taskRuns.completedRunTaskCount);
    const late = await ok('get_flow_run', { flow_run_id: seed.flowRuns.late[0] });
    assert.equal(late.flow_run.deployment, seed.deployments.late.name);
    assert.equal(late.flow_run.work_pool, seed.deployments.late.workPoolName);
    assert.equal(late.flow_run.state, 'Late');
  });

  it('explains unknown and malformed ids', async () => {
    await fails('get_flow_run', { flow_run_id: '00000000-0000-0000-0000-000000000000' }, /No flow run with id .*get_flow_runs/);
    await fails('get_flow_run', { flow_run_id: 'abc' }, /neither a flow run id nor the name of one.*get_flow_runs/);
  });
});

describe('get_flow_run_logs', () => {
  it('filters the failed run’s logs to errors, with the traceback', async () => {
    const data = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.failed, level: 'error', limit: 200 });
    assert.ok(data.count >= 1);
    assert.ok(data.logs.every((log: any) => ['ERROR', 'CRITICAL'].includes(log.level)));
    assert.ok(data.logs.some((log: any) => log.message.includes('Traceback')));
    const numeric = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.failed, level: 40, limit: 200 });
    assert.equal(numeric.count, data.count);
  });

  it('trims tracebacks to the user’s frames by default and keeps them verbatim on request', async () => {
    const trimmed = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.failed, level: 'error', limit: 200 });
    const full = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.failed, level: 'error', limit: 200, full_tracebacks: true });
    const tracebackOf = (data: any) => data.logs.map((log: any) => log.message).find((message: string) => message.includes('Traceback')) as string;
    assert.match(tracebackOf(trimmed), /in load_to_warehouse/);
    assert.match(tracebackOf(trimmed), /ValueError: warehouse rejected batch/);
    assert.match(tracebackOf(trimmed), /Prefect\/library frame\(s\) hidden/);
    assert.doesNotMatch(tracebackOf(trimmed), /task_engine\.py/);
    assert.match(tracebackOf(full), /task_engine\.py/);
    assert.ok(tracebackOf(full).length > tracebackOf(trimmed).length);
  });

  it('returns logs in time order and pages with has_more', async () => {
    const all = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.completed, limit: 200 });
    assert.ok(all.count >= 2);
    const times = all.logs.map((log: any) => Date.parse(log.timestamp));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.equal(all.flow_run.id, seed.flowRuns.completed);
    const first = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.completed, limit: 1 });
    assert.equal(first.has_more, true);
    assert.equal(first.logs[0].message, all.logs[0].message);
    const desc = await ok('get_flow_run_logs', { flow_run_id: seed.flowRuns.completed, limit: 1, order: 'desc' });
    assert.equal(desc.logs[0].message, all.logs.at(-1).message);
  });

  it('explains bad levels and unknown runs', async () => {
    await fails('get_flow_run_logs', { flow_run_id: seed.flowRuns.failed, level: 'LOUD' }, /level "LOUD".*DEBUG, INFO/);
    await fails('get_flow_run_logs', { flow_run_id: '00000000-0000-0000-0000-000000000000' }, /No flow run with id/);
  });
});

describe('get_task_runs', () => {
  it('lists a run’s task runs with retries and the flow run by name', async () => {
    const data = await ok('get_task_runs', { flow_run_id: seed.flowRuns.completed, limit: 50 });
    assert.equal(data.count, seed.taskRuns.completedRunTaskCount);
    const retried = data.task_runs.find((task: any) => task.id === seed.taskRuns.retriedThenCompleted.id);
    assert.ok(retried, 'retried task missing');
    assert.equal(retried.state_type, 'COMPLETED');
    assert.equal(retried.run_count, seed.taskRuns.retriedThenCompleted.runCount);
    assert.ok(data.task_runs.every((task: any) => task.flow_run_id === seed.flowRuns.completed && typeof task.flow_run === 'string'));
  });

  it('finds the task that failed after exhausting retries', async () => {
    const expected = seed.taskRuns.failedAfterRetries;
    const data = await ok('get_task_runs', { flow_run_id: seed.flowRuns.failed, state_type: ['FAILED'] });
    const task = data.task_runs.find((t: any) => t.id === expected.id);
    assert.ok(task, 'failed task missing');
    assert.equal(task.run_count, expected.runCount);
    assert.equal(task.retries, expected.retries);
    assert.match(task.message ?? '', new RegExp(expected.exceptionType));
    const detail = await ok('get_task_runs', { filter: { id: { any_: [expected.id] } }, detail: true });
    assert.equal(detail.task_runs[0].full.id, expected.id);
  });
});
