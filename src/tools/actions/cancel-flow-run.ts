import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { FINAL_STATES } from '../../prefect/types.js';
import { readFlowRun } from '../api/refs.js';
import { flowRunState, flowRunStateSchema } from './state.js';
import { MAX_NAME_CHARS } from '../inputs.js';

interface SetStateResponse {
  status: 'ACCEPT' | 'REJECT' | 'ABORT' | 'WAIT';
  details: { reason?: string | null };
}

export const cancelFlowRun = defineTool({
  name: 'cancel_flow_run',
  title: 'Cancel a flow run',
  description:
    'Cancels a flow run through the state API: a run with no infrastructure yet (Scheduled, Late, or Paused without a process) goes straight to CANCELLED; a pending or running one goes to CANCELLING and its worker stops the infrastructure. A run that is already final is reported unchanged, not as an error.',
  toolset: 'actions',
  kind: 'write',
  openWorld: true,
  input: {
    flow_run_id: z.string().max(MAX_NAME_CHARS).describe('Flow run id (UUID) or name'),
  },
  output: {
    flow_run: flowRunStateSchema,
    previous_state: z.string().nullable().describe('State name before the call'),
    changed: z.boolean().describe('False when the run was already final or already cancelling'),
    note: z.string(),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const before = await readFlowRun(client, args.flow_run_id, opts);
    const previous = before.state_name;
    const unchanged = (note: string) => ({
      data: { flow_run: flowRunState(before), previous_state: previous, changed: false, note },
      text: `Flow run ${before.name} (${before.id}) not changed: ${note}`,
    });
    if (FINAL_STATES.has(before.state_type ?? '')) return unchanged(`it is already final (${previous}); there is nothing to cancel`);
    if (before.state_type === 'CANCELLING') return unchanged('it is already Cancelling; its worker is stopping it');

    // Nothing is running yet for these, so no worker needs to tear anything down.
    const noInfrastructure = before.state_type === 'SCHEDULED' || (before.state_type === 'PAUSED' && !before.infrastructure_pid);
    const target = noInfrastructure ? { type: 'CANCELLED', name: 'Cancelled' } : { type: 'CANCELLING', name: 'Cancelling' };
    const result = await client.post<SetStateResponse>(
      `/flow_runs/${before.id}/set_state`,
      { state: { ...target, message: 'Cancelled through prefect-mcp cancel_flow_run' } },
      opts,
    );
    if (result.status !== 'ACCEPT') {
      throw new ToolError(
        `Prefect did not accept cancelling flow run ${before.id} (${result.status}${result.details?.reason ? `: ${result.details.reason}` : ''}); it is still ${previous}. Check its state with get_flow_run and try again.`,
      );
    }
    const after = await readFlowRun(client, before.id, opts);
    const note = noInfrastructure
      ? `moved from ${previous} to ${after.state_name}; it will not run`
      : `moved from ${previous} to ${after.state_name}; its worker stops the infrastructure and the run then becomes Cancelled`;
    return {
      data: { flow_run: flowRunState(after), previous_state: previous, changed: true, note },
      text: `Flow run ${after.name} (${after.id}) ${note}.`,
    };
  },
});
