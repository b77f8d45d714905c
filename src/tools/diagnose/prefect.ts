/**
 * The REST reads diagnosis needs, typed only as far as we use them. Everything goes
 * through the shared client, so errors arrive already phrased for the assistant.
 */
import type { PrefectClient } from '../../prefect/client.js';
import { resolveFlowRunId } from '../api/refs.js';

export interface StateInfo {
  type: string;
  name: string;
  message: string | null;
  timestamp: string;
}

export interface FlowRun {
  id: string;
  name: string;
  flow_id: string;
  deployment_id: string | null;
  state_type: string | null;
  state_name: string | null;
  state: StateInfo | null;
  parameters: Record<string, unknown>;
  tags: string[];
  work_pool_name: string | null;
  work_queue_name: string | null;
  infrastructure_pid: string | null;
  expected_start_time: string | null;
  start_time: string | null;
  end_time: string | null;
  total_run_time: number;
  /** Prefect's running estimate: total_run_time only counts finished Running periods, so it is 0 while a run is still going. */
  estimated_run_time?: number;
  run_count: number;
  empirical_policy: { retries?: number | null } | null;
}

export interface Deployment {
  id: string;
  name: string;
  flow_id: string;
  paused: boolean;
  status: string | null;
  tags: string[];
  work_pool_name: string | null;
  work_queue_name: string | null;
  last_polled: string | null;
  schedules: Array<{ id: string; active: boolean; schedule: Record<string, unknown> }>;
  global_concurrency_limit: ConcurrencyLimitV2 | null;
  parameters: Record<string, unknown>;
  parameter_openapi_schema: Record<string, unknown> | null;
  enforce_parameter_schema: boolean;
}

export interface ConcurrencyLimitV2 {
  id: string;
  name: string;
  limit: number;
  active: boolean;
  active_slots: number;
}

export const FINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED']);

type Signal = { signal?: AbortSignal };

export async function flowName(client: PrefectClient, flowId: string, { signal }: Signal): Promise<string | null> {
  try {
    return (await client.get<{ name: string }>(`/flows/${flowId}`, { signal })).name;
  } catch {
    return null;
  }
}

/** A flow run by id or by its name. */
export async function readFlowRun(client: PrefectClient, ref: string, { signal }: Signal): Promise<FlowRun> {
  return client.get<FlowRun>(`/flow_runs/${await resolveFlowRunId(client, ref, { signal })}`, { signal });
}

/** Runs that should have started by now but have not: SCHEDULED-type states (Scheduled, Late, AwaitingConcurrencySlot) past their expected start. */
export function lateRunsFilter(extra: Record<string, unknown> = {}, since?: string) {
  const now = new Date().toISOString();
  return {
    flow_runs: {
      state: { type: { any_: ['SCHEDULED'] } },
      expected_start_time: { before_: now, ...(since ? { after_: since } : {}) },
    },
    ...extra,
    sort: 'EXPECTED_START_TIME_ASC',
  };
}

export function latenessSeconds(run: Pick<FlowRun, 'expected_start_time'>): number {
  return run.expected_start_time ? Math.max(0, (Date.now() - Date.parse(run.expected_start_time)) / 1000) : 0;
}

export interface PrefectEvent {
  id: string;
  occurred: string;
  event: string;
  resource: Record<string, string>;
  related: Array<Record<string, string>>;
  payload: Record<string, unknown>;
}

export async function readEvents(
  client: PrefectClient,
  filter: Record<string, unknown>,
  limit: number,
  { signal }: Signal,
): Promise<{ events: PrefectEvent[]; total: number }> {
  return client.post<{ events: PrefectEvent[]; total: number }>('/events/filter', { filter, limit: Math.min(limit, 50) }, { signal });
}
