import { z } from 'zod';
import { uiLinks } from '../../prefect/ui-links.js';
import { defineTool } from '../define-tool.js';
import { humanDuration } from '../api/shared.js';
import { BlockerScan } from './blockers.js';
import { buildFix } from './docs-links.js';
import { bySeverity, findingSchema, renderFindings, type Finding } from './findings.js';
import { flowName, resolveDeployment } from '../api/refs.js';
import { describeSchedule } from '../api/schedules.js';
import type { Deployment, FlowRun } from '../../prefect/types.js';
import { lateRunsFilter, latenessSeconds } from './prefect.js';
import { MAX_NAME_CHARS } from '../inputs.js';

const FAILURE_WINDOW_HOURS = 24;

export const diagnoseDeployment = defineTool({
  name: 'diagnose_deployment',
  title: 'Why is a deployment not running',
  description:
    'Why a deployment is not running, in one call: deployment paused, schedules inactive, work pool or queue paused, no online worker (with last heartbeat), concurrency limits full (deployment, tag, global, pool, queue, with active slots), late runs (count, oldest lateness) and recent failures. Each finding has a severity, evidence and the fix (CLI command and docs page).',
  toolset: 'diagnose',
  kind: 'read',
  openWorld: true,
  input: {
    deployment: z.string().min(1).max(MAX_NAME_CHARS).describe('Deployment id, or "flow_name/deployment_name"'),
  },
  output: {
    deployment: z.object({
      id: z.string(),
      name: z.string().describe('"flow_name/deployment_name"'),
      paused: z.boolean(),
      status: z.string().nullable().describe('READY when something polls for its runs, NOT_READY otherwise'),
      work_pool: z.string().nullable(),
      work_queue: z.string().nullable(),
      schedules: z.array(z.object({ id: z.string(), active: z.boolean(), schedule: z.string() })),
      ui_url: z.string().describe('The deployment in the Prefect UI'),
    }),
    late_runs: z.object({
      count: z.number().int(),
      oldest_lateness_seconds: z.number().nullable(),
      oldest_lateness: z.string().nullable(),
      oldest_flow_run_id: z.string().nullable(),
    }),
    recent_failures: z.object({
      window_hours: z.number(),
      count: z.number().int(),
      latest: z.object({ id: z.string(), name: z.string(), state_name: z.string().nullable(), message: z.string().nullable(), ui_url: z.string() }).nullable(),
    }),
    findings: z.array(findingSchema),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const deployment = await resolveDeployment<Deployment>(client, args.deployment, opts);
    const slug = `${(await flowName(client, deployment.flow_id, opts)) ?? '?'}/${deployment.name}`;
    const byDeployment = { deployments: { id: { any_: [deployment.id] } } };
    const failuresSince = new Date(Date.now() - FAILURE_WINDOW_HOURS * 3600_000).toISOString();
    const failedFilter = { ...byDeployment, flow_runs: { state: { type: { any_: ['FAILED', 'CRASHED'] } }, expected_start_time: { after_: failuresSince } } };

    const scan = new BlockerScan(ctx);
    const [blockers, lateCount, [oldestLate], failureCount, [latestFailure]] = await Promise.all([
      scan.forDeployment(deployment, slug),
      client.post<number>('/flow_runs/count', lateRunsFilter(byDeployment), opts),
      client.post<FlowRun[]>('/flow_runs/filter', { ...lateRunsFilter(byDeployment), limit: 1 }, opts),
      client.post<number>('/flow_runs/count', failedFilter, opts),
      client.post<FlowRun[]>('/flow_runs/filter', { ...failedFilter, sort: 'EXPECTED_START_TIME_DESC', limit: 1 }, opts),
    ]);

    const findings: Finding[] = [...blockers];
    const schedules = deployment.schedules ?? [];
    const inactive = schedules.filter((s) => !s.active);
    if (schedules.length > 0 && inactive.length === schedules.length) {
      findings.push({
        severity: deployment.paused ? 'warning' : 'critical',
        code: 'schedule_inactive',
        cause: `Every schedule of ${slug} is paused, so no new runs are scheduled.`,
        evidence: inactive.map((s) => `schedule ${s.id} (${describeSchedule(s.schedule)}): active = false`).join('; '),
        fix: buildFix(ctx, {
          action: inactive.length > 1 ? `Resume each schedule (${inactive.length} paused).` : 'Resume the schedule.',
          cli: { command: 'prefect deployment schedule resume', args: `${slug} ${inactive[0].id}` },
          docs: 'deployment schedule pause resume',
        }),
      });
    } else if (inactive.length > 0) {
      findings.push({
        severity: 'info',
        code: 'schedule_inactive',
        cause: `${inactive.length} of ${schedules.length} schedules of ${slug} are paused.`,
        evidence: inactive.map((s) => `schedule ${s.id} (${describeSchedule(s.schedule)}): active = false`).join('; '),
        fix: buildFix(ctx, { action: 'Resume the paused schedule if it should run.', cli: { command: 'prefect deployment schedule resume', args: `${slug} ${inactive[0].id}` } }),
      });
    } else if (schedules.length === 0) {
      findings.push({
        severity: 'info',
        code: 'no_schedule',
        cause: `${slug} has no schedule: it runs only when triggered (UI, CLI, API or automation).`,
        evidence: 'schedules = []',
        fix: buildFix(ctx, { action: 'Add a schedule if it should run on its own.', cli: { command: 'prefect deployment schedule create', args: `${slug} --cron "0 * * * *"` }, docs: 'add schedules to deployment' }),
      });
    }

    const lateness = oldestLate ? latenessSeconds(oldestLate) : null;
    if (lateCount > 0) {
      findings.push({
        severity: 'warning',
        code: 'late_runs',
        cause: `${lateCount} run(s) of ${slug} are past their start time and have not started.`,
        evidence: `oldest: ${oldestLate?.name} (${oldestLate?.id}), ${humanDuration(lateness)} late, state ${oldestLate?.state_name}`,
        fix: buildFix(ctx, { action: 'Fix the blockers above; late runs start once a worker can take them (or cancel them to skip).', docs: 'late runs worker not polling' }),
      });
    }
    if (failureCount > 0 && latestFailure) {
      findings.push({
        severity: 'warning',
        code: 'recent_failures',
        cause: `${failureCount} run(s) of ${slug} failed or crashed in the last ${FAILURE_WINDOW_HOURS}h.`,
        evidence: `latest: ${latestFailure.name} (${latestFailure.id}) ${latestFailure.state_name}: ${latestFailure.state?.message ?? ''}`.trim(),
        fix: buildFix(ctx, { action: `Call diagnose_flow_run with flow_run_id ${latestFailure.id} for the exception and fix.` }),
      });
    }

    const links = uiLinks(ctx.config);
    const data = {
      deployment: {
        id: deployment.id,
        name: slug,
        paused: deployment.paused,
        status: deployment.status ?? null,
        work_pool: deployment.work_pool_name,
        work_queue: deployment.work_queue_name,
        schedules: schedules.map((s) => ({ id: s.id, active: s.active, schedule: describeSchedule(s.schedule) })),
        ui_url: links.deployment(deployment.id),
      },
      late_runs: {
        count: lateCount,
        oldest_lateness_seconds: lateness === null ? null : Math.round(lateness),
        oldest_lateness: humanDuration(lateness),
        oldest_flow_run_id: oldestLate?.id ?? null,
      },
      recent_failures: {
        window_hours: FAILURE_WINDOW_HOURS,
        count: failureCount,
        latest: latestFailure
          ? { id: latestFailure.id, name: latestFailure.name, state_name: latestFailure.state_name, message: latestFailure.state?.message ?? null, ui_url: links.flowRun(latestFailure.id) }
          : null,
      },
      findings: bySeverity(findings),
    };
    const d = data.deployment;
    const text = [
      `Deployment ${d.name} (${d.id}): ${d.paused ? 'PAUSED' : 'active'}, status ${d.status ?? 'unknown'}, pool ${d.work_pool ?? 'none'}/${d.work_queue ?? '-'} ${d.ui_url}`,
      `schedules: ${d.schedules.map((s) => `${s.schedule}${s.active ? '' : ' (paused)'}`).join(', ') || 'none'}`,
      `late runs: ${lateCount}${lateCount ? ` (oldest ${data.late_runs.oldest_lateness} late)` : ''}; failures in ${FAILURE_WINDOW_HOURS}h: ${failureCount}${data.recent_failures.latest ? ` (latest ${data.recent_failures.latest.ui_url})` : ''}`,
      renderFindings(data.findings),
    ].join('\n');
    return { data, text };
  },
});

/** {interval: 3600} → "every 1h"; cron and rrule shown as written. */
