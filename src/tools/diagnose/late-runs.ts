import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { humanDuration, parseSince } from '../api/shared.js';
import { uiLinks } from '../../prefect/ui-links.js';
import { BlockerScan, primaryCause } from './blockers.js';
import { Deadline } from './deadline.js';
import { buildFix } from './docs-links.js';
import { findingSchema, type Finding } from './findings.js';
import type { Deployment, FlowRun } from '../../prefect/types.js';
import { lateRunsFilter, latenessSeconds } from './prefect.js';
import { optionalTime } from '../inputs.js';

const FETCH = 200;
const RUNS_PER_GROUP = 10;

const lateRunSchema = z.object({
  id: z.string(),
  name: z.string(),
  deployment: z.string().nullable().describe('"flow/deployment"'),
  state: z.string().nullable(),
  lateness_seconds: z.number(),
  lateness: z.string().nullable(),
  ui_url: z.string(),
});

const groupSchema = findingSchema.extend({
  count: z.number().int().describe('Late runs with this cause'),
  oldest_lateness_seconds: z.number(),
  oldest_lateness: z.string().nullable(),
  deployments: z.array(z.string()).describe('"flow/deployment" of the affected runs'),
  runs: z.array(lateRunSchema).describe(`The late runs with this cause, most late first (at most ${RUNS_PER_GROUP})`),
  has_more: z.boolean().describe('More late runs have this cause than listed'),
});

export const diagnoseLateRuns = defineTool({
  name: 'diagnose_late_runs',
  title: 'Why are runs late',
  description:
    'Late runs across the workspace (scheduled runs past their start time), grouped by the cause that holds them: deployment paused, work pool or queue paused, no online worker, concurrency limit full, or none found. Each group has counts, the oldest lateness, affected deployments and the fix.',
  toolset: 'diagnose',
  kind: 'read',
  openWorld: true,
  input: {
    since: optionalTime().describe('Only runs expected to start after this: ISO 8601 or a span like 2h, 7d (default 7d)'),
  },
  output: {
    total_late: z.number().int().describe('Exact number of late runs in the window'),
    examined: z.number().int().describe('How many of them were grouped (the oldest first, at most 200)'),
    since: z.string(),
    by_cause: z.record(z.string(), z.number().int()).describe('Late-run count per cause code'),
    groups: z.array(groupSchema),
    timed_out: z.array(z.string()).describe('Parts that did not answer within the deadline; their runs are grouped as unknown'),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const deadline = new Deadline(ctx);
    const opts = { signal: deadline.signal };
    const since = parseSince(args.since ?? '7d', 'since')!;
    const filter = lateRunsFilter({}, since);
    const [total, runs] = await Promise.all([
      client.post<number>('/flow_runs/count', filter, opts),
      client.post<FlowRun[]>('/flow_runs/filter', { ...filter, limit: FETCH }, opts),
    ]);
    const links = uiLinks(ctx.config);

    const deploymentIds = [...new Set(runs.map((r) => r.deployment_id).filter((id): id is string => Boolean(id)))];
    const deployments = deploymentIds.length
      ? await client.post<Deployment[]>('/deployments/filter', { deployments: { id: { any_: deploymentIds } }, limit: deploymentIds.length }, opts)
      : [];
    const flowIds = [...new Set(deployments.map((d) => d.flow_id))];
    const flows = flowIds.length
      ? await client.post<Array<{ id: string; name: string }>>('/flows/filter', { flows: { id: { any_: flowIds } }, limit: flowIds.length }, opts)
      : [];
    const flowNames = new Map(flows.map((f) => [f.id, f.name]));
    const slugs = new Map(deployments.map((d) => [d.id, `${flowNames.get(d.flow_id) ?? '?'}/${d.name}`]));

    const scan = new BlockerScan(ctx, deadline.signal);
    const causeByTarget = new Map<string, Promise<Finding>>();
    const causeFor = (run: FlowRun): Promise<Finding> => {
      const deployment = deployments.find((d) => d.id === run.deployment_id);
      const key = deployment ? `d:${deployment.id}` : `p:${run.work_pool_name}/${run.work_queue_name}`;
      let cause = causeByTarget.get(key);
      if (!cause) {
        const target = deployment ? `deployment ${slugs.get(deployment.id)}` : `pool ${run.work_pool_name ?? 'none'}`;
        cause = deadline
          .part(
            `blockers of ${target}`,
            async () =>
              deployment
                ? await scan.forDeployment(deployment, slugs.get(deployment.id)!)
                : run.work_pool_name
                  ? await scan.forPool(run.work_pool_name, run.work_queue_name)
                  : [],
            null,
          )
          .then((findings) => (findings === null ? timedOut(target) : (primaryCause(findings) ?? unexplained(findings))));
        causeByTarget.set(key, cause);
      }
      return cause;
    };
    const unexplained = (findings: Finding[]): Finding => {
      const saturatedGlobal = findings.find((f) => f.code === 'concurrency_saturated');
      return (
        saturatedGlobal ?? {
          severity: 'warning',
          code: 'unknown',
          cause: 'No blocker found: the pool is active and a worker is online, so the runs may be queued behind others or only just overdue.',
          evidence: 'no paused deployment/pool/queue, an online worker, no full concurrency limit',
          fix: buildFix(ctx, { action: 'Check the worker logs for submission errors and whether workers have spare capacity.', docs: 'worker not picking up flows' }),
        }
      );
    };

    const timedOut = (target: string): Finding => ({
      severity: 'warning',
      code: 'timed_out',
      cause: `The checks for ${target} did not answer in time, so the cause of these runs is unknown.`,
      evidence: `no answer within ${Math.round(ctx.config.timeoutMs / 500)} s`,
      fix: buildFix(ctx, { action: 'Call diagnose_deployment for this deployment, or try again when the server is less busy.' }),
    });

    const groups = new Map<string, z.output<typeof groupSchema>>();
    for (const run of runs) {
      // A run the server parked in AwaitingConcurrencySlot is held by a limit whatever else is true.
      const base = await causeFor(run);
      const cause: Finding =
        run.state_name === 'AwaitingConcurrencySlot' && base.code === 'unknown'
          ? {
              severity: 'critical',
              code: 'concurrency_saturated',
              cause: 'The run is waiting for a concurrency slot (state AwaitingConcurrencySlot).',
              evidence: `state ${run.state_name}`,
              fix: buildFix(ctx, { action: 'Inspect the deployment and global limits with get_concurrency_limits; free or raise the full one.', docs: 'deployment concurrency limiting collision strategy' }),
            }
          : base;
      const key = `${cause.code}|${cause.cause}`;
      const lateness = latenessSeconds(run);
      const group = groups.get(key) ?? { ...cause, count: 0, oldest_lateness_seconds: 0, oldest_lateness: null, deployments: [], runs: [], has_more: false };
      group.count += 1;
      if (lateness >= group.oldest_lateness_seconds) {
        group.oldest_lateness_seconds = Math.round(lateness);
        group.oldest_lateness = humanDuration(lateness);
      }
      const slug = run.deployment_id ? (slugs.get(run.deployment_id) ?? run.deployment_id) : null;
      if (slug && !group.deployments.includes(slug)) group.deployments.push(slug);
      // Runs arrive oldest expected start first, i.e. most late first.
      if (group.runs.length < RUNS_PER_GROUP) {
        group.runs.push({ id: run.id, name: run.name, deployment: slug, state: run.state_name, lateness_seconds: Math.round(lateness), lateness: humanDuration(lateness), ui_url: links.flowRun(run.id) });
      } else {
        group.has_more = true;
      }
      groups.set(key, group);
    }

    const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
    const byCause: Record<string, number> = {};
    for (const group of sorted) byCause[group.code] = (byCause[group.code] ?? 0) + group.count;
    const data = { total_late: total, examined: runs.length, since, by_cause: byCause, groups: sorted, timed_out: deadline.timedOut };
    const text =
      total === 0
        ? `No late runs since ${since}.`
        : [
            `${total} late run(s) since ${since}${runs.length < total ? ` (grouped the oldest ${runs.length})` : ''}:`,
            ...sorted.map(
              (g) =>
                `${g.count}× [${g.code}] ${g.cause} — ${g.evidence}; oldest ${g.oldest_lateness} late; deployments: ${g.deployments.join(', ') || 'none'}\n  fix: ${[g.fix.action, g.fix.command ? `\`${g.fix.command}\`` : '', g.fix.docs_url ?? ''].filter(Boolean).join(' ')}\n${g.runs
                  .map((r) => `  - ${r.name} ${r.lateness} late ${r.ui_url}`)
                  .join('\n')}${g.has_more ? `\n  - … ${g.count - g.runs.length} more` : ''}`,
            ),
            deadline.note(),
          ]
            .filter(Boolean)
            .join('\n');
    return { data, text };
  },
});
