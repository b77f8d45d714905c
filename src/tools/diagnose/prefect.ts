/**
 * The REST reads only diagnosis needs (Prefect's object types: src/prefect/types.ts). Everything goes
 * through the shared client, so errors arrive already phrased for the assistant.
 */
import type { PrefectClient } from '../../prefect/client.js';
import type { Event, FlowRun } from '../../prefect/types.js';

type Signal = { signal?: AbortSignal };

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

export async function readEvents(
  client: PrefectClient,
  filter: Record<string, unknown>,
  limit: number,
  { signal }: Signal,
): Promise<{ events: Event[]; total: number }> {
  return client.post<{ events: Event[]; total: number }>('/events/filter', { filter, limit: Math.min(limit, 50) }, { signal });
}
