/**
 * The questions of the three-way comparison, each with the seeded truth it is judged against and
 * the call each server gets for it: ours takes named filters, the official server raw Prefect
 * filter JSON, the community server its own per-question tools. A server without a way to ask
 * (the official one has no schedule filter) gets the closest call an assistant would make, and the
 * judgement says what came back.
 */
import type { SeedManifest } from '../test/bed/seed-manifest.js';
import type { ToolCall } from './questions.js';

export const SERVERS = ['ours', 'official', 'community'] as const;
export type Server = (typeof SERVERS)[number];

export interface ThreeWayQuestion {
  id: string;
  label: string;
  /** Ids of exactly the objects a correct answer lists. */
  truthIds: string[];
  /** Their names, for the report. */
  truthNames: string[];
  calls: Record<Server, ToolCall>;
  /** Why a server was asked the way it was, where it cannot ask the question itself. */
  notes?: Partial<Record<Server, string>>;
}

export function threeWayQuestions(seed: SeedManifest): ThreeWayQuestion[] {
  const flows = Object.values(seed.flows);
  const late = seed.flowRuns.allLate;
  const notScheduling = [seed.deployments.pausedSchedule, seed.deployments.paused];
  const manual = seed.deployments.manual;
  return [
    {
      id: 'flows',
      label: 'all flows',
      truthIds: flows.map((f) => f.id),
      truthNames: flows.map((f) => f.name),
      calls: {
        ours: { name: 'get_flows', arguments: { limit: 50 } },
        official: { name: 'get_flows', arguments: { limit: 50 } },
        community: { name: 'list_flows', arguments: { limit: 50 } },
      },
    },
    {
      id: 'failed_runs',
      label: 'flow runs in state FAILED',
      truthIds: [seed.flowRuns.failed],
      truthNames: ['the flaky-flow run'],
      calls: {
        ours: { name: 'get_flow_runs', arguments: { state_type: 'FAILED', limit: 50 } },
        official: { name: 'get_flow_runs', arguments: { filter: { state: { type: { any_: ['FAILED'] } } }, limit: 50 } },
        community: { name: 'search_flow_runs_by_state', arguments: { state_type: 'FAILED', limit: 50 } },
      },
    },
    {
      id: 'late_runs',
      label: 'flow runs in state Late (by state name)',
      truthIds: late,
      truthNames: [`${late.length} late runs`],
      calls: {
        ours: { name: 'get_flow_runs', arguments: { state_name: 'Late', limit: 50 } },
        official: { name: 'get_flow_runs', arguments: { filter: { state: { name: { any_: ['Late'] } } }, limit: 50 } },
        community: { name: 'search_flow_runs_by_state', arguments: { state_name: 'Late', limit: 50 } },
      },
    },
    {
      id: 'schedule_off',
      label: 'deployments whose schedule does not run (schedule paused or deployment paused)',
      truthIds: notScheduling.map((d) => d.id),
      truthNames: notScheduling.map((d) => d.fullName),
      calls: {
        ours: { name: 'get_deployments', arguments: { schedule: 'inactive', limit: 50 } },
        official: { name: 'get_deployments', arguments: { limit: 50 } },
        community: { name: 'search_deployments_by_status', arguments: { is_schedule_active: false, limit: 50 } },
      },
      notes: { official: "its filter is Prefect's DeploymentFilter, which has no schedule field: it lists every deployment and the assistant must read `paused` and `schedules[].active` itself" },
    },
    {
      id: 'deployment_by_name',
      label: `deployment by name ${manual.fullName}`,
      truthIds: [manual.id],
      truthNames: [manual.fullName],
      calls: {
        ours: { name: 'get_deployments', arguments: { id: manual.fullName } },
        official: { name: 'get_deployments', arguments: { filter: { name: { any_: [manual.name] } }, limit: 50 } },
        community: { name: 'get_deployment_by_name', arguments: { name: manual.fullName } },
      },
    },
  ];
}
