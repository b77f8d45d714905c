/**
 * Issue 6 on the real seeded server: each diagnose tool, called through the MCP SDK Client
 * over stdio, must name the cause the seeder actually created.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { requireTestBed } from '../helpers/bed.js';
import { connectStdio, type StdioConnection } from '../helpers/mcp.js';

interface Finding {
  severity: 'critical' | 'warning' | 'info';
  code: string;
  cause: string;
  evidence: string;
  fix: { action: string; command?: string; docs_url?: string };
  holders?: Array<{ kind: string; id: string; flow_run_id: string; stuck: boolean | null }>;
}

const bed = requireTestBed();
const { seed } = bed;
let mcp: StdioConnection;

before(async () => {
  mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl, PREFECT_MCP_DOCS_DB: bed.docsDb } });
});
after(() => mcp?.close());

async function call<T = Record<string, unknown>>(name: string, args: Record<string, unknown> = {}): Promise<{ data: T; text: string }> {
  const result = await mcp.client.callTool({ name, arguments: args });
  const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
  assert.ok(!result.isError, `${name} failed: ${text}`);
  return { data: result.structuredContent as T, text };
}

const critical = (findings: Finding[], code: string) => findings.find((f) => f.code === code && f.severity === 'critical');

test('diagnose_flow_run defaults to the latest failure: exception, trimmed traceback, exhausted retries, docs link', async () => {
  const { data, text } = await call<{
    flow_run: { id: string; state_type: string };
    exception: { type: string; message: string; traceback: string } | null;
    failed_task_runs: Array<{ name: string; attempts: number; retries: number }>;
    timeline: Array<{ event: string }>;
    findings: Finding[];
  }>('diagnose_flow_run');
  const expected = seed.taskRuns.failedAfterRetries;
  assert.equal(data.flow_run.id, seed.flowRuns.failed);
  assert.equal(data.flow_run.state_type, 'FAILED');
  assert.equal(data.exception?.type, expected.exceptionType);
  assert.match(data.exception!.traceback, /Traceback \(most recent call last\)/);
  assert.doesNotMatch(data.exception!.traceback, /site-packages[\\/]prefect[\\/]task_engine/, 'Prefect engine frames are trimmed');
  const task = data.failed_task_runs.find((t) => t.name.startsWith('load-to-warehouse') || t.name === expected.name);
  assert.ok(task, text);
  assert.equal(task.attempts, expected.runCount);
  assert.equal(task.retries, expected.retries);
  const exhausted = critical(data.findings, 'retries_exhausted');
  assert.ok(exhausted, text);
  assert.match(exhausted.fix.docs_url ?? '', /retr/i, 'links the retries docs page');
  assert.ok(data.timeline.some((e) => e.event === 'prefect.flow-run.Failed'), 'timeline holds the Failed event');
  const ui = bed.apiUrl.replace(/\/api$/, '');
  assert.equal((data.flow_run as { ui_url?: string }).ui_url, `${ui}/runs/flow-run/${seed.flowRuns.failed}`);
  assert.ok(text.includes(`${ui}/runs/flow-run/${seed.flowRuns.failed}`), 'the text carries the UI link');
});

test('diagnose_flow_run on the crashed run names the infrastructure', async () => {
  const { data } = await call<{ findings: Finding[] }>('diagnose_flow_run', { flow_run_id: seed.flowRuns.crashed });
  const crashed = critical(data.findings, 'infrastructure_crashed');
  assert.ok(crashed, JSON.stringify(data.findings));
  assert.match(crashed.evidence, /137/);
  assert.ok(crashed.fix.docs_url, 'links an infrastructure docs page');
});

test('diagnose_deployment names each seeded blocker with its CLI fix', async () => {
  const cases: Array<[keyof typeof seed.deployments, string, RegExp]> = [
    ['pausedSchedule', 'schedule_inactive', /^prefect deployment schedule resume /],
    ['paused', 'deployment_paused', /resume_deployment/],
    ['late', 'no_worker', /^prefect worker start --pool seed-no-worker-pool/],
    ['pausedPool', 'pool_paused', /^prefect work-pool resume /],
    ['pausedQueue', 'queue_paused', /^prefect work-queue resume /],
    // Its only slot is held by a stuck run, so the fix is to free that slot (mark the holder Crashed).
    ['saturated', 'concurrency_saturated', new RegExp(`set_flow_run_state\\('${seed.flowRuns.running}', Crashed`)],
  ];
  for (const [key, code, command] of cases) {
    const deployment = seed.deployments[key];
    const { data, text } = await call<{ findings: Finding[]; late_runs: { count: number } }>('diagnose_deployment', {
      deployment: key === 'late' ? deployment.id : deployment.fullName,
    });
    const finding = critical(data.findings, code);
    assert.ok(finding, `${deployment.fullName}: expected ${code}\n${text}`);
    assert.match(finding.fix.command ?? '', command, `${deployment.fullName}: fix command`);
    assert.equal(data.findings[0].code, code, `${deployment.fullName}: ${code} is listed first\n${text}`);
  }
  const saturated = (await call<{ findings: Finding[] }>('diagnose_deployment', { deployment: seed.deployments.saturated.fullName })).data;
  assert.match(critical(saturated.findings, 'concurrency_saturated')!.evidence, /1\/1 slots/);
  const late = (await call<{ late_runs: { count: number; oldest_lateness_seconds: number } }>('diagnose_deployment', { deployment: seed.deployments.late.fullName })).data;
  assert.ok(late.late_runs.count >= seed.flowRuns.lateByCause.noWorker.length);
  assert.ok(late.late_runs.oldest_lateness_seconds >= 25 * 60);
});

test('diagnose_deployment rejects an unknown deployment with a next step', async () => {
  const result = await mcp.client.callTool({ name: 'diagnose_deployment', arguments: { deployment: 'no-such-flow/nothing' } });
  assert.equal(result.isError, true);
  assert.match((result.content as Array<{ text: string }>)[0].text, /get_deployments/);
});

test('diagnose_late_runs groups the seeded late runs by their true cause', async () => {
  const { data, text } = await call<{ groups: Array<Finding & { count: number; runs: Array<{ id: string; ui_url: string; lateness_seconds: number }>; has_more: boolean; deployments: string[] }> }>(
    'diagnose_late_runs',
    { since: '7d' },
  );
  const expectations: Array<[string, string[], string]> = [
    ['no_worker', seed.flowRuns.lateByCause.noWorker, seed.deployments.late.fullName],
    ['pool_paused', seed.flowRuns.lateByCause.pausedPool, seed.deployments.pausedPool.fullName],
    ['queue_paused', seed.flowRuns.lateByCause.pausedQueue, seed.deployments.pausedQueue.fullName],
    ['concurrency_saturated', seed.flowRuns.lateByCause.concurrency, seed.deployments.saturated.fullName],
  ];
  for (const [code, runs, deployment] of expectations) {
    const group = data.groups.find((g) => g.code === code && g.deployments.includes(deployment));
    assert.ok(group, `no ${code} group for ${deployment}\n${text}`);
    assert.ok(group.count >= runs.length, `${code}: ${group.count} < ${runs.length}`);
    for (const id of runs) {
      const listed = group.runs.find((r) => r.id === id);
      assert.ok(listed, `${code}: run ${id} is listed in its group\n${text}`);
      assert.ok(listed.ui_url.endsWith(`/runs/flow-run/${id}`));
      assert.ok(listed.lateness_seconds >= 60, `${code}: lateness ${listed.lateness_seconds}`);
      assert.ok(text.includes(listed.ui_url));
    }
    assert.equal(group.has_more, group.count > group.runs.length);
  }
  const byCode = (code: string) => data.groups.find((g) => g.code === code)!;
  assert.match(byCode('pool_paused').fix.command ?? '', /^prefect work-pool resume seed-paused-pool/);
  assert.match(byCode('queue_paused').fix.command ?? '', /^prefect work-queue resume seed-paused-queue --pool seed-worker-pool/);
  assert.match(byCode('no_worker').fix.command ?? '', /^prefect worker start --pool seed-no-worker-pool/);
  const concurrency = byCode('concurrency_saturated');
  assert.ok(concurrency.holders?.some((h) => h.id === seed.flowRuns.running && h.stuck === true), JSON.stringify(concurrency));
});

test('diagnose_stuck_runs finds the zombie run by its missed heartbeats, and the silent slot holder', async () => {
  const { data, text } = await call<{
    stuck_count: number;
    runs: Array<{ id: string; stuck: boolean; last_heartbeat: string | null; heartbeat_interval_seconds: number | null; running_seconds: number; worker_status: string; verdict: string; ui_url: string; last_log: string | null }>;
    findings: Finding[];
    timed_out: string[];
  }>('diagnose_stuck_runs', { limit: 20 });
  assert.deepEqual(data.timed_out, []);
  const zombie = data.runs.find((r) => r.id === seed.flowRuns.stuck);
  assert.ok(zombie, text);
  assert.equal(zombie.stuck, true);
  assert.equal(Date.parse(zombie.last_heartbeat!), Date.parse(seed.stuck.lastHeartbeat));
  assert.equal(zombie.heartbeat_interval_seconds, seed.stuck.heartbeatIntervalSeconds);
  assert.ok(zombie.running_seconds >= seed.stuck.startedMinutesAgo * 60, `running ${zombie.running_seconds}s`);
  assert.equal(zombie.last_log, null);
  assert.match(zombie.verdict, /no heartbeat for .* more than 3 missed heartbeats/);
  assert.match(zombie.worker_status, /0 online worker\(s\) in pool seed-no-worker-pool/);
  assert.ok(zombie.ui_url.endsWith(`/runs/flow-run/${seed.flowRuns.stuck}`));
  const holder = data.runs.find((r) => r.id === seed.flowRuns.running);
  assert.ok(holder?.stuck, `the backdated slot holder is silent for 40 min\n${text}`);
  assert.match(holder.verdict, /no heartbeats .* no log or event for/);
  const finding = data.findings.find((f) => f.code === 'stuck_run' && f.severity === 'critical' && f.evidence.includes('no heartbeat for'));
  assert.ok(finding, JSON.stringify(data.findings));
  assert.match(finding.fix.command ?? '', new RegExp(`set_flow_run_state\\('${seed.flowRuns.stuck}', Crashed`));
  assert.match(finding.fix.action, /PREFECT_FLOWS_HEARTBEAT_FREQUENCY/);
  assert.match(finding.fix.action, /Prefect 3\.4 and older do not have it, only PREFECT_RUNNER_HEARTBEAT_FREQUENCY/);
  assert.match(finding.fix.docs_url ?? '', /zombie/);
});

test('diagnose_flow_run on the stuck run: running time, heartbeat evidence, stuck finding', async () => {
  const { data, text } = await call<{
    flow_run: { duration_seconds: number };
    liveness: { stuck: boolean; last_heartbeat: string } | null;
    findings: Finding[];
  }>('diagnose_flow_run', { flow_run_id: seed.flowRuns.stuck });
  assert.ok(data.flow_run.duration_seconds >= seed.stuck.startedMinutesAgo * 60, `duration ${data.flow_run.duration_seconds}`);
  assert.match(text, /: Running for \d+m/);
  assert.doesNotMatch(text, /Nothing failed here/);
  assert.equal(data.liveness?.stuck, true);
  assert.equal(data.findings[0].code, 'stuck_run');
});

test('diagnose_deployment names the holders of full limits and whether they are stuck', async () => {
  const { data, text } = await call<{ findings: Finding[] }>('diagnose_deployment', { deployment: seed.deployments.stuck.fullName });
  const tag = data.findings.find((f) => f.code === 'concurrency_saturated' && f.evidence.startsWith('tag seed-database'));
  assert.ok(tag, text);
  const holder = tag.holders?.find((h) => h.id === seed.taskRuns.tagSlotHolder.id);
  assert.ok(holder, JSON.stringify(tag));
  assert.equal(holder.kind, 'task_run');
  assert.equal(holder.flow_run_id, seed.flowRuns.stuck);
  assert.equal(holder.stuck, true);
  assert.match(tag.fix.command ?? '', new RegExp(`set_flow_run_state\\('${seed.flowRuns.stuck}', Crashed`));
  const saturated = (await call<{ findings: Finding[] }>('diagnose_deployment', { deployment: seed.deployments.saturated.fullName })).data;
  const own = critical(saturated.findings, 'concurrency_saturated')!;
  assert.deepEqual(own.holders?.map((h) => [h.id, h.stuck]), [[seed.flowRuns.running, true]]);
});

test('diagnose_automation: the never-matching trigger and the one that fired', async () => {
  const never = (await call<{ matching_events: { count: number }; findings: Finding[] }>('diagnose_automation', { automation: seed.automations.neverFired.name, since: '7d' })).data;
  assert.equal(never.matching_events.count, 0);
  assert.ok(never.findings.some((f) => f.code === 'trigger_never_matched'), JSON.stringify(never.findings));

  const fired = (await call<{ matching_events: { count: number }; findings: Finding[] }>('diagnose_automation', { automation: seed.automations.onFailure.id, since: '7d' })).data;
  assert.ok(fired.matching_events.count > 0, 'the failure event matched');
  assert.ok(!fired.findings.some((f) => f.code === 'trigger_never_matched'));
});

test('the three prompts steer to the diagnose tools', async () => {
  const { prompts } = await mcp.client.listPrompts();
  assert.deepEqual(prompts.map((p) => p.name).filter((n) => ['debug-flow-run', 'why-not-running', 'late-runs'].includes(n)).sort(), ['debug-flow-run', 'late-runs', 'why-not-running']);
  const prompt = await mcp.client.getPrompt({ name: 'why-not-running', arguments: { deployment: 'a/b' } });
  const content = prompt.messages[0].content as { text: string };
  assert.match(content.text, /diagnose_deployment/);
});
