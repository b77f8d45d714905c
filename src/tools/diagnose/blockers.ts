/**
 * What can stop a scheduled run from starting, checked against live state: a paused
 * deployment or schedule, a paused or missing pool/queue, no worker polling, and full
 * concurrency limits. Shared by diagnose_deployment and diagnose_late_runs; pool and
 * limit reads are cached for the duration of one call.
 */
import type { PrefectClient } from '../../prefect/client.js';
import { PrefectApiError } from '../../prefect/errors.js';
import type { ToolContext } from '../define-tool.js';
import { collectConcurrencyLimits, type LimitCollection, type LimitInfo } from '../api/concurrency-limits.js';
import { fetchWorkers } from '../api/work-pools.js';
import { ago, secondsSince } from '../api/util.js';
import { buildFix } from './docs-links.js';
import type { Finding, SlotHolder } from './findings.js';
import type { Deployment, WorkPool, WorkQueue, Worker } from '../../prefect/types.js';
import { crashCommand } from './liveness.js';
import { describeHolders, SlotHolders } from './slot-holders.js';

interface ConcurrencyStatus {
  active_slots: number;
  queues: Array<{ queue_name: string; active_slots: number }>;
}

/** Live slot counts of a pool and its queues, and where they came from. */
interface SlotCounts extends ConcurrencyStatus {
  /**
   * 'server': Prefect's /work_pools/{name}/concurrency_status (3.8+); 'counted': that endpoint is missing (3.1-3.6
   * servers, whose pools carry no active_slots either), so the Pending and Running runs are counted, as the scheduler does.
   */
  source: 'server' | 'counted';
}

/** The run states that occupy a pool or queue slot, as Prefect's work-pool scheduler counts them. */
const SLOT_STATES = ['PENDING', 'RUNNING'];

interface PoolFacts {
  pool: WorkPool | null;
  queues: WorkQueue[];
  workers: Worker[];
  /** Live slot counts; null only when the pool does not exist. */
  status: SlotCounts | null;
}

/** A served deployment's process polls at least every few seconds; this much silence means it is gone. */
const SERVE_STALE_SECONDS = 120;

/** When a run is blocked for several reasons, the earliest here is the one that must be fixed first. */
export const CAUSE_PRECEDENCE = [
  'deployment_paused',
  'pool_missing',
  'pool_paused',
  'queue_paused',
  'no_worker',
  'no_runner',
  'concurrency_saturated',
] as const;

export class BlockerScan {
  private readonly pools = new Map<string, Promise<PoolFacts>>();
  private limits?: Promise<LimitCollection>;
  private readonly opts: { signal?: AbortSignal };
  private readonly client: PrefectClient;
  private readonly holders: SlotHolders;

  constructor(private readonly ctx: ToolContext, signal: AbortSignal | undefined = ctx.signal) {
    this.client = ctx.prefect();
    this.opts = { signal };
    this.holders = new SlotHolders(ctx, this.client, this.opts);
  }

  /** Every blocker that applies to runs of this deployment (in its pool and queue). */
  async forDeployment(deployment: Deployment, slug: string): Promise<Finding[]> {
    const findings: Finding[] = [];
    if (deployment.paused) {
      findings.push({
        severity: 'critical',
        code: 'deployment_paused',
        cause: `Deployment ${slug} is paused: its schedules create no runs and workers will not start its runs.`,
        evidence: 'deployment.paused = true',
        fix: buildFix(this.ctx, {
          action: 'Resume the deployment (toggle it on in the UI, or call the resume endpoint shown).',
          command: `curl -X POST "$PREFECT_API_URL/deployments/${deployment.id}/resume_deployment"`,
          docs: 'pause resume deployment schedules',
        }),
      });
    }
    if (deployment.work_pool_name) {
      findings.push(...(await this.forPool(deployment.work_pool_name, deployment.work_queue_name)));
    } else {
      findings.push(...this.servedDeployment(deployment, slug));
    }
    findings.push(...(await this.deploymentLimits(deployment, slug)));
    return findings;
  }

  /** Blockers of a work pool and (optionally) one of its queues. */
  async forPool(poolName: string, queueName: string | null): Promise<Finding[]> {
    const facts = await this.poolFacts(poolName);
    const findings: Finding[] = [];
    const { pool } = facts;
    if (!pool) {
      return [
        {
          severity: 'critical',
          code: 'pool_missing',
          cause: `Work pool ${poolName} does not exist, so no worker can pick these runs up.`,
          evidence: `GET /work_pools/${poolName} → 404`,
          fix: buildFix(this.ctx, { action: 'Create the pool (or redeploy to an existing one).', cli: { command: 'prefect work-pool create', args: `${poolName} --type process` } }),
        },
      ];
    }
    if (pool.is_paused) {
      findings.push({
        severity: 'critical',
        code: 'pool_paused',
        cause: `Work pool ${pool.name} is paused: no run in it will be picked up until it is resumed.`,
        evidence: `work pool ${pool.name}: is_paused = true, status ${pool.status ?? 'PAUSED'}`,
        fix: buildFix(this.ctx, { action: 'Resume the work pool.', cli: { command: 'prefect work-pool resume', args: quote(pool.name) }, docs: 'pause resume work pool' }),
      });
    }
    const queue = queueName ? facts.queues.find((q) => q.name === queueName) : undefined;
    if (queue?.is_paused) {
      findings.push({
        severity: 'critical',
        code: 'queue_paused',
        cause: `Work queue ${queue.name} in pool ${pool.name} is paused: runs assigned to it will not start.`,
        evidence: `work queue ${pool.name}/${queue.name}: is_paused = true`,
        fix: buildFix(this.ctx, { action: 'Resume the work queue.', cli: { command: 'prefect work-queue resume', args: `${quote(queue.name)} --pool ${quote(pool.name)}` }, docs: 'work queues pause resume' }),
      });
    }
    // Push and managed pools run work without workers.
    if (!/push|managed/.test(pool.type)) {
      const online = facts.workers.filter((w) => w.status === 'ONLINE');
      if (online.length === 0) {
        const latest = facts.workers.map((w) => w.last_heartbeat_time).filter((t): t is string => Boolean(t)).sort().at(-1) ?? null;
        findings.push({
          severity: 'critical',
          code: 'no_worker',
          cause: `No worker is polling work pool ${pool.name}, so its scheduled runs are never picked up.`,
          evidence:
            facts.workers.length === 0
              ? `pool ${pool.name} (${pool.type}) has no workers registered; status ${pool.status ?? 'unknown'}`
              : `${facts.workers.length} worker(s), none ONLINE; last heartbeat ${ago(secondsSince(latest))}`,
          fix: buildFix(this.ctx, {
            action: 'Start a worker for this pool where the flow code can run (and keep it running, e.g. as a service).',
            cli: { command: 'prefect worker start', args: `--pool ${quote(pool.name)}` },
            docs: 'start a worker to poll a work pool',
          }),
        });
      }
    }
    if (pool.concurrency_limit !== null) {
      const active = facts.status?.active_slots ?? pool.active_slots ?? null;
      if (active !== null && active >= pool.concurrency_limit) {
        findings.push(
          countedNote(facts.status, this.saturated(`work pool ${pool.name}`, active, pool.concurrency_limit, await this.holders.ofRuns({ pool: pool.name }), {
            action: 'Wait for running runs to finish, cancel stuck ones, or raise the pool limit.',
            cli: { command: 'prefect work-pool set-concurrency-limit', args: `${quote(pool.name)} ${pool.concurrency_limit + 1}` },
            docs: 'work pool concurrency limit',
          })),
        );
      }
    }
    if (queue && queue.concurrency_limit !== null) {
      const active = facts.status?.queues.find((q) => q.queue_name === queue.name)?.active_slots ?? null;
      if (active !== null && active >= queue.concurrency_limit) {
        findings.push(
          countedNote(facts.status, this.saturated(`work queue ${pool.name}/${queue.name}`, active, queue.concurrency_limit, await this.holders.ofRuns({ pool: pool.name, queue: queue.name }), {
            action: 'Wait for running runs to finish, cancel stuck ones, or raise the queue limit.',
            cli: { command: 'prefect work-queue set-concurrency-limit', args: `${quote(queue.name)} ${queue.concurrency_limit + 1} --pool ${quote(pool.name)}` },
            docs: 'work queue concurrency limit',
          })),
        );
      }
    }
    return findings;
  }

  /** Deployment, tag and global limits that are full. Only the deployment's own limit gates a flow run's start. */
  async deploymentLimits(deployment: Deployment, slug: string): Promise<Finding[]> {
    const { limits } = await this.allLimits();
    const findings: Finding[] = [];
    const own = deployment.global_concurrency_limit;
    if (own && own.active && own.active_slots >= own.limit) {
      findings.push(
        this.saturated(`deployment ${slug}`, own.active_slots, own.limit, await this.holders.ofRuns({ deploymentId: deployment.id }), {
          // The "deployment:<id>" limit object is derived from the deployment; editing it is overwritten on the next deploy.
          action: `Runs wait until a running run of this deployment finishes. To allow more at once, raise the deployment's own concurrency_limit (concurrency_limit: ${own.limit + 1} under this deployment in prefect.yaml, then prefect deploy), or set it through the API as shown.`,
          command: `curl -X PATCH "$PREFECT_API_URL/deployments/${deployment.id}" -H "Content-Type: application/json" -d '{"concurrency_limit": ${own.limit + 1}}'`,
          docs: 'deployment concurrency limiting collision strategy',
        }),
      );
    }
    for (const entry of limits.filter((l) => l.kind === 'tag' && l.saturated && deployment.tags.includes(l.name))) {
      findings.push(
        this.saturated(`tag ${entry.name}`, entry.active_slots ?? entry.limit, entry.limit, await this.holders.ofTag(entry.name), {
          action: `Task runs tagged "${entry.name}" wait for a free slot. If the holders are finished or stuck, reset the tag's slots; otherwise raise the limit.`,
          cli: { command: 'prefect concurrency-limit reset', args: quote(entry.name) },
          docs: 'tag-based concurrency limits',
        }, 'warning'),
      );
    }
    findings.push(...this.globalLimits(limits));
    return findings;
  }

  /**
   * Global limits are taken in flow code (`concurrency("name")`), so a full one may hold any run that uses it; we
   * cannot tell which (Prefect's API does not list a global limit's leases), hence info.
   */
  globalLimits(limits: LimitInfo[]): Finding[] {
    return limits
      .filter((l) => l.kind === 'global' && l.saturated)
      .map((entry) => ({
        ...this.saturated(`global limit ${entry.name}`, entry.active_slots ?? entry.limit, entry.limit, null, {
          action:
            'Flows or tasks that take a slot from this limit wait. Prefect does not list who holds a global limit (its leases); slots taken without a lease stay until released, so if nothing runs that uses it, free them; otherwise raise the limit.',
          cli: { command: 'prefect gcl update', args: `${quote(entry.name)} --active-slots 0` },
          docs: 'global concurrency limits',
        }, 'info'),
      }));
  }

  async allLimits(): Promise<LimitCollection> {
    this.limits ??= collectConcurrencyLimits(this.ctx);
    return this.limits;
  }

  private servedDeployment(deployment: Deployment, slug: string): Finding[] {
    const silent = secondsSince(deployment.last_polled);
    if (silent !== null && silent < SERVE_STALE_SECONDS) return [];
    return [
      {
        severity: 'critical',
        code: 'no_runner',
        cause: `Deployment ${slug} has no work pool, so only the process that served it (flow.serve) can run it, and that process is not polling.`,
        evidence: `work_pool_name = null; last polled ${ago(silent)}; status ${deployment.status ?? 'unknown'}`,
        fix: buildFix(this.ctx, { action: 'Start the script that calls flow.serve() again, or redeploy it to a work pool with a worker.', docs: 'serve flows deployment' }),
      },
    ];
  }

  /** `holders` null: the kind of limit whose holders Prefect does not expose. A stuck holder changes the fix: free its slot first. */
  private saturated(
    what: string,
    active: number,
    limit: number,
    holders: SlotHolder[] | null,
    fix: Parameters<typeof buildFix>[1],
    severity: Finding['severity'] = 'critical',
  ): Finding {
    const stuck = holders?.filter((h) => h.stuck) ?? [];
    const held = holders === null ? 'holders not listed by the Prefect API (global limit leases)' : `held by ${describeHolders(holders)}`;
    const first = stuck[0];
    return {
      severity,
      code: 'concurrency_saturated',
      cause: `Concurrency limit on ${what} is full: new work waits for a slot.${stuck.length ? ` ${stuck.length} holder(s) are stuck and will never release it.` : ''}`,
      evidence: `${what}: ${active}/${limit} slots in use; ${held}`,
      fix: first
        ? buildFix(this.ctx, {
            action: `Free the slot held by the stuck ${first.kind === 'task_run' ? `task run ${first.name} (flow run ${first.flow_run_id})` : `run ${first.name}`}: mark its flow run Crashed (force), which releases its slots. ${fix.action}`,
            command: crashCommand(first.flow_run_id),
            docs: 'detect zombie flows heartbeat',
          })
        : buildFix(this.ctx, fix),
      ...(holders ? { holders } : {}),
    };
  }

  private poolFacts(name: string): Promise<PoolFacts> {
    let facts = this.pools.get(name);
    if (!facts) {
      facts = this.loadPool(name);
      this.pools.set(name, facts);
    }
    return facts;
  }

  private async loadPool(name: string): Promise<PoolFacts> {
    const path = `/work_pools/${encodeURIComponent(name)}`;
    let pool: WorkPool;
    try {
      pool = await this.client.get<WorkPool>(path, this.opts);
    } catch (error) {
      if (error instanceof PrefectApiError && error.kind === 'not_found') return { pool: null, queues: [], workers: [], status: null };
      throw error;
    }
    const [queues, workers, served] = await Promise.all([
      this.client.post<WorkQueue[]>(`${path}/queues/filter`, { limit: 200 }, this.opts),
      fetchWorkers(this.client, name, this.opts.signal),
      this.client.post<ConcurrencyStatus>(`${path}/concurrency_status`, {}, this.opts).then(
        (status): SlotCounts => ({ ...status, source: 'server' }),
        (error: unknown) => {
          if (error instanceof PrefectApiError && error.kind === 'not_found') return null;
          throw error;
        },
      ),
    ]);
    return { pool, queues, workers, status: served ?? (await this.countSlots(name, queues)) };
  }

  /** Slot counts on servers without concurrency_status: the pool's and each limited queue's Pending/Running runs. */
  private async countSlots(pool: string, queues: WorkQueue[]): Promise<SlotCounts> {
    const count = (queue?: string) =>
      this.client.post<number>(
        '/flow_runs/count',
        {
          flow_runs: { state: { type: { any_: SLOT_STATES } } },
          work_pools: { name: { any_: [pool] } },
          ...(queue ? { work_pool_queues: { name: { any_: [queue] } } } : {}),
        },
        this.opts,
      );
    const limited = queues.filter((queue) => queue.concurrency_limit !== null);
    const [active, ...perQueue] = await Promise.all([count(), ...limited.map((queue) => count(queue.name))]);
    return { active_slots: active, queues: limited.map((queue, i) => ({ queue_name: queue.name, active_slots: perQueue[i]! })), source: 'counted' };
  }
}

/** Says in the evidence when the slot count is ours, not the server's. */
function countedNote(status: SlotCounts | null, finding: Finding): Finding {
  if (status?.source !== 'counted') return finding;
  return { ...finding, evidence: `${finding.evidence}; ${COUNTED_NOTE}` };
}

export const COUNTED_NOTE = 'slots counted from Pending and Running runs: this Prefect server has no /work_pools/{name}/concurrency_status (added in 3.8)';

/** Quotes a CLI argument only when the shell needs it. */
function quote(value: string): string {
  return /^[\w.:/-]+$/.test(value) ? value : `"${value.replace(/"/g, '\\"')}"`;
}

/** The blocker to fix first among several. */
export function primaryCause(findings: Finding[]): Finding | undefined {
  for (const code of CAUSE_PRECEDENCE) {
    const found = findings.find((f) => f.code === code && f.severity === 'critical');
    if (found) return found;
  }
  return undefined;
}
