import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { humanDuration, parseSince } from '../api/shared.js';
import { BlockerScan, primaryCause } from './blockers.js';
import { buildFix } from './docs-links.js';
import { findingSchema, type Finding } from './findings.js';
import type { Deployment, FlowRun } from '../../prefect/types.js';
import { lateRunsFilter, latenessSeconds } from './prefect.js';

const FETCH = 200;
const SAMPLE = 3;

const groupSchema = findingSchema.extend({
  count: z.number().int().describe('Late runs with this cause'),
  oldest_lateness_seconds: z.number(),
  oldest_lateness: z.string().nullable(),
  deployments: z.array(z.string()).describe('"flow/deployment" of the affected runs'),
  sample_flow_run_ids: z.array(z.string()),
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
    since: z
      .string()
      .optional()
      .describe('Only runs expected to start after this: ISO 8601 or a span like 2h, 7d (default 7d)'),
  },
  output: {
    total_late: z.number().int().describe('Exact number of late runs in the window'),
    examined: z.number().int().describe('How many of them were grouped (the oldest first, at most 200)'),
    since: z.string(),
    by_cause: z.record(z.string(), z.number().int()).describe('Late-run count per cause code'),
    groups: z.array(groupSchema),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const since = parseSince(args.since ?? '7d', 'since')!;
    const filter = lateRunsFilter({}, since);
    const [total, runs] = await Promise.all([
      client.post<number>('/flow_runs/count', filter, opts),
      client.post<FlowRun[]>('/flow_runs/filter', { ...filter, limit: FETCH }, opts),
    ]);

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

    const scan = new BlockerScan(ctx);
    const causeByTarget = new Map<string, Promise<Finding>>();
    const causeFor = (run: FlowRun): Promise<Finding> => {
      const deployment = deployments.find((d) => d.id === run.deployment_id);
      const key = deployment ? `d:${deployment.id}` : `p:${run.work_pool_name}/${run.work_queue_name}`;
      let cause = causeByTarget.get(key);
      if (!cause) {
        cause = (async () => {
          const findings = deployment
            ? await scan.forDeployment(deployment, slugs.get(deployment.id)!)
            : run.work_pool_name
              ? await scan.forPool(run.work_pool_name, run.work_queue_name)
              : [];
          return primaryCause(findings) ?? unexplained(findings);
        })();
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
      const group = groups.get(key) ?? { ...cause, count: 0, oldest_lateness_seconds: 0, oldest_lateness: null, deployments: [], sample_flow_run_ids: [] };
      group.count += 1;
      if (lateness >= group.oldest_lateness_seconds) {
        group.oldest_lateness_seconds = Math.round(lateness);
        group.oldest_lateness = humanDuration(lateness);
      }
      const slug = run.deployment_id ? (slugs.get(run.deployment_id) ?? run.deployment_id) : null;
      if (slug && !group.deployments.includes(slug)) group.deployments.push(slug);
      if (group.sample_flow_run_ids.length < SAMPLE) group.sample_flow_run_ids.push(run.id);
      groups.set(key, group);
    }

    const sorted = [...groups.values()].sort((a, b) => b.count - a.count);
    const byCause: Record<string, number> = {};
    for (const group of sorted) byCause[group.code] = (byCause[group.code] ?? 0) + group.count;
    const data = { total_late: total, examined: runs.length, since, by_cause: byCause, groups: sorted };
    const text =
      total === 0
        ? `No late runs since ${since}.`
        : [
            `${total} late run(s) since ${since}${runs.length < total ? ` (grouped the oldest ${runs.length})` : ''}:`,
            ...sorted.map(
              (g) =>
                `${g.count}× [${g.code}] ${g.cause} — ${g.evidence}; oldest ${g.oldest_lateness} late; deployments: ${g.deployments.join(', ') || 'none'}\n  fix: ${[g.fix.action, g.fix.command ? `\`${g.fix.command}\`` : '', g.fix.docs_url ?? ''].filter(Boolean).join(' ')}`,
            ),
          ].join('\n');
    return { data, text };
  },
});
