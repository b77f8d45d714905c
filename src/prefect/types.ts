/**
 * Prefect's REST objects, typed once and only as far as the tools read them (a response
 * carries more; `[key: string]: unknown` where a tool passes the whole object through).
 * Every tool family (api, diagnose, actions) imports these instead of declaring its own.
 */

export interface State {
  type: string;
  name: string;
  timestamp?: string;
  message?: string | null;
}

/** State types after which a run does not change by itself. */
export const FINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CRASHED', 'CANCELLED']);

export interface FlowRun {
  id: string;
  name: string;
  flow_id: string;
  deployment_id: string | null;
  state: State | null;
  state_type: string | null;
  state_name: string | null;
  expected_start_time: string | null;
  start_time: string | null;
  end_time: string | null;
  /** Prefect's running estimate: total_run_time only counts finished Running periods, so it is 0 while a run is still going. */
  estimated_run_time: number;
  estimated_start_time_delta: number;
  total_run_time: number;
  run_count: number;
  empirical_policy: { retries?: number | null } | null;
  work_pool_name: string | null;
  work_queue_name: string | null;
  tags: string[];
  parent_task_run_id: string | null;
  parameters: Record<string, unknown>;
  infrastructure_pid: string | null;
  [key: string]: unknown;
}

export interface TaskRun {
  id: string;
  name: string;
  flow_run_id: string | null;
  task_key: string;
  state: State | null;
  state_name: string | null;
  state_type: string | null;
  start_time: string | null;
  end_time: string | null;
  estimated_run_time: number;
  run_count: number;
  empirical_policy: { retries?: number | null; max_retries?: number | null } | null;
  tags: string[];
}

export interface Schedule {
  interval?: number;
  cron?: string;
  rrule?: string;
  timezone?: string | null;
}

export interface DeploymentSchedule {
  id: string;
  active: boolean;
  schedule: Schedule;
}

export interface ConcurrencyLimitV2 {
  id: string;
  name: string;
  limit: number;
  active: boolean;
  active_slots: number;
}

export interface Deployment {
  id: string;
  name: string;
  flow_id: string;
  paused: boolean;
  status: string | null;
  schedules: DeploymentSchedule[];
  work_pool_name: string | null;
  work_queue_name: string | null;
  tags: string[];
  concurrency_limit: number | null;
  global_concurrency_limit: ConcurrencyLimitV2 | null;
  last_polled: string | null;
  updated: string;
  parameters: Record<string, unknown>;
  parameter_openapi_schema: Record<string, unknown> | null;
  enforce_parameter_schema: boolean;
}

export interface WorkPool {
  id: string;
  name: string;
  type: string;
  status: string | null;
  is_paused: boolean;
  concurrency_limit: number | null;
  active_slots?: number | null;
  description: string | null;
  default_queue_id?: string | null;
  created: string | null;
  updated: string | null;
}

export interface WorkQueue {
  id: string;
  name: string;
  description: string | null;
  work_pool_name: string | null;
  is_paused: boolean;
  concurrency_limit: number | null;
  priority: number;
  status: string | null;
  last_polled: string | null;
  active_slots?: number | null;
}

export interface Worker {
  id: string;
  name: string;
  status: string;
  last_heartbeat_time: string | null;
  heartbeat_interval_seconds: number | null;
}

export interface Event {
  id: string;
  event: string;
  occurred: string;
  resource: Record<string, string>;
  related: Array<Record<string, string>>;
  payload: Record<string, unknown>;
  follows?: string | null;
}
