/**
 * Who holds the slots of a full concurrency limit, and whether a holder is itself stuck.
 * Where Prefect keeps the holders differs per kind of limit:
 * - tag limits: the task-run ids in `active_slots` of GET /concurrency_limits/tag/{tag};
 * - deployment limits: the deployment's runs in Pending/Running/Cancelling (the lease holders);
 * - work pool and queue limits: their runs in Pending/Running/Cancelling;
 * - global (v2) limits: leases, which Prefect's API does not list, so only the count is known.
 */
import type { PrefectClient } from '../../prefect/client.js';
import { PrefectApiError } from '../../prefect/errors.js';
import { uiLinks, type UiLinks } from '../../prefect/ui-links.js';
import { humanDuration } from '../api/shared.js';
import type { ToolContext } from '../define-tool.js';
import type { SlotHolder } from './findings.js';
import { assessLiveness, WorkerCache } from './liveness.js';
import type { FlowRun, TaskRun } from '../../prefect/types.js';

const HOLDER_MAX = 10;
const ACTIVE_TYPES = ['PENDING', 'RUNNING', 'CANCELLING'];



export class SlotHolders {
  private readonly links: UiLinks;
  private readonly workers: WorkerCache;

  constructor(
    ctx: Pick<ToolContext, 'config'>,
    private readonly client: PrefectClient,
    private readonly opts: { signal?: AbortSignal },
  ) {
    this.links = uiLinks(ctx.config);
    this.workers = new WorkerCache(client, opts);
  }

  /** Task runs in the tag limit's active slots; a finished task run still listed has leaked its slot. */
  async ofTag(tag: string): Promise<SlotHolder[]> {
    let ids: string[];
    try {
      ids = (await this.client.get<{ active_slots: string[] }>(`/concurrency_limits/tag/${encodeURIComponent(tag)}`, this.opts)).active_slots ?? [];
    } catch (error) {
      if (error instanceof PrefectApiError && error.kind === 'not_found') return [];
      throw error;
    }
    if (ids.length === 0) return [];
    const tasks = await this.client.post<TaskRun[]>('/task_runs/filter', { task_runs: { id: { any_: ids.slice(0, HOLDER_MAX) } }, limit: HOLDER_MAX }, this.opts);
    const flowRunIds = [...new Set(tasks.map((t) => t.flow_run_id).filter((id): id is string => Boolean(id)))];
    const flowRuns = flowRunIds.length
      ? await this.client.post<FlowRun[]>('/flow_runs/filter', { flow_runs: { id: { any_: flowRunIds } }, limit: flowRunIds.length }, this.opts)
      : [];
    const verdicts = new Map(await Promise.all(flowRuns.map(async (run) => [run.id, await this.verdict(run)] as const)));
    return tasks.map((task) => {
      const finished = task.state_type !== null && !ACTIVE_TYPES.includes(task.state_type);
      const parent = task.flow_run_id ? verdicts.get(task.flow_run_id) : undefined;
      return {
        kind: 'task_run' as const,
        id: task.id,
        name: task.name,
        state: task.state_name,
        flow_run_id: task.flow_run_id ?? '',
        age: age(task.start_time),
        stuck: finished ? true : (parent?.stuck ?? null),
        verdict: finished
          ? `task run is ${task.state_name} but still listed as holding the slot: a leaked slot`
          : parent
            ? `its flow run: ${parent.verdict}`
            : 'flow run not found',
        ui_url: this.links.taskRun(task.id),
      };
    });
  }

  /** Runs of a deployment, work pool or queue that occupy its slots. */
  async ofRuns(scope: { deploymentId?: string; pool?: string; queue?: string }): Promise<SlotHolder[]> {
    const body: Record<string, unknown> = { flow_runs: { state: { type: { any_: ACTIVE_TYPES } } }, sort: 'START_TIME_ASC', limit: HOLDER_MAX };
    if (scope.deploymentId) body.deployments = { id: { any_: [scope.deploymentId] } };
    if (scope.pool) body.work_pools = { name: { any_: [scope.pool] } };
    if (scope.queue) body.work_pool_queues = { name: { any_: [scope.queue] } };
    const runs = await this.client.post<FlowRun[]>('/flow_runs/filter', body, this.opts);
    return Promise.all(
      runs.map(async (run) => {
        const live = await this.verdict(run);
        return {
          kind: 'flow_run' as const,
          id: run.id,
          name: run.name,
          state: run.state_name,
          flow_run_id: run.id,
          age: age(run.start_time),
          stuck: live.stuck,
          verdict: live.verdict,
          ui_url: this.links.flowRun(run.id),
        };
      }),
    );
  }

  private async verdict(run: FlowRun): Promise<{ stuck: boolean | null; verdict: string }> {
    if (run.state_type === 'PENDING') return { stuck: null, verdict: 'Pending: infrastructure starting' };
    const live = await assessLiveness(this.client, run, this.workers, this.opts);
    return { stuck: live.stuck, verdict: `${live.verdict}; worker: ${live.worker_status}` };
  }
}

function age(start: string | null): string | null {
  return start ? humanDuration(Math.max(0, (Date.now() - Date.parse(start)) / 1000)) : null;
}

/** "seed-stuck-run (Running 46m, STUCK: no heartbeat for 39m …)" for evidence lines. */
export function describeHolders(holders: SlotHolder[]): string {
  if (holders.length === 0) return 'no holder found';
  return holders
    .map((h) => `${h.kind === 'task_run' ? 'task run' : 'run'} ${h.name} (${h.state ?? '?'}${h.age ? ` ${h.age}` : ''}${h.stuck ? ', STUCK' : ''}: ${h.verdict})`)
    .join('; ');
}
