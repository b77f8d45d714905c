/**
 * The same five questions asked of both servers, each mapped to that server's tool arguments
 * (the official server's tools take raw Prefect filter JSON; ours take named filters). Limits
 * are set equal on both sides so both return the same objects and byte counts compare like
 * for like; `itemsKey` names the list in the result, for bytes per object.
 */
import type { SeedManifest } from '../test/bed/seed-manifest.js';
import type { Side } from './servers.js';

export interface ToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface Question {
  id: string;
  /** What a user would ask. */
  label: string;
  itemsKey?: string;
  calls: Record<Side, ToolCall>;
}

const FAILURE_TYPES = ['FAILED', 'CRASHED'];

export function apiQuestions(seed: SeedManifest): Question[] {
  return [
    {
      id: 'recent_failures',
      label: 'recent failed flow runs',
      itemsKey: 'flow_runs',
      calls: {
        ours: { name: 'get_flow_runs', arguments: { state_type: FAILURE_TYPES, limit: 10 } },
        theirs: { name: 'get_flow_runs', arguments: { filter: { state: { type: { any_: FAILURE_TYPES } } }, limit: 10 } },
      },
    },
    {
      id: 'deployments',
      label: 'all deployments',
      itemsKey: 'deployments',
      calls: {
        ours: { name: 'get_deployments', arguments: { limit: 50 } },
        theirs: { name: 'get_deployments', arguments: { limit: 50 } },
      },
    },
    {
      id: 'failed_run_logs',
      label: 'logs of the failed run',
      itemsKey: 'logs',
      calls: {
        ours: { name: 'get_flow_run_logs', arguments: { flow_run_id: seed.flowRuns.failed, limit: 100 } },
        theirs: { name: 'get_flow_run_logs', arguments: { flow_run_id: seed.flowRuns.failed, limit: 100 } },
      },
    },
    {
      id: 'dashboard',
      label: 'dashboard overview',
      calls: {
        ours: { name: 'get_dashboard', arguments: {} },
        theirs: { name: 'get_dashboard', arguments: {} },
      },
    },
    {
      id: 'work_pools',
      label: 'all work pools',
      itemsKey: 'work_pools',
      calls: {
        ours: { name: 'get_work_pools', arguments: { limit: 50 } },
        theirs: { name: 'get_work_pools', arguments: { limit: 50 } },
      },
    },
  ];
}
