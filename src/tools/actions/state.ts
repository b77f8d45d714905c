import { z } from 'zod';
import { isoUtc } from '../api/shared.js';
import type { FlowRun } from '../../prefect/types.js';

/** The run as an action leaves it: enough to confirm the effect and follow up by id. */
export const flowRunStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  state_type: z.string().nullable(),
  state_name: z.string().nullable(),
  message: z.string().nullable(),
  state_time: z.string().nullable(),
});

export function flowRunState(run: FlowRun): z.output<typeof flowRunStateSchema> {
  return {
    id: run.id,
    name: run.name,
    state_type: run.state_type,
    state_name: run.state_name,
    message: run.state?.message ?? null,
    state_time: isoUtc(run.state?.timestamp),
  };
}
