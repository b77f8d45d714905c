/**
 * Slash-command prompts for the three questions users ask most. Each one only steers the
 * assistant to the matching diagnose tool and says how to present the answer; the
 * evidence comes from the tool call, never from the prompt.
 */
import { z } from 'zod';
import type { ServerExtension } from '../server/extension.js';

const ANSWER_STYLE =
  'Lead with the root cause in one sentence, then the evidence, then the exact fix (command and docs link from the findings). Do not guess beyond the evidence; if a finding says nothing was found, say so.';

function userMessage(text: string) {
  return { messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] };
}

/**
 * Argument shapes built once: HTTP registers every prompt on every request, and building zod
 * schemas was half the cost of constructing a server.
 */
const DEBUG_FLOW_RUN_ARGS = { flow_run_id: z.string().optional().describe('Flow run id; omit for the most recent FAILED or CRASHED run') };
const WHY_NOT_RUNNING_ARGS = { deployment: z.string().describe('Deployment id or "flow_name/deployment_name"') };
const LATE_RUNS_ARGS = { since: z.string().optional().describe('Window, e.g. 24h or 7d (default 7d)') };

export const diagnosePrompts: ServerExtension = {
  toolset: 'diagnose',
  register(server) {
    server.registerPrompt(
      'debug-flow-run',
      {
        title: 'Debug a failed flow run',
        description: 'Find out why a flow run failed or crashed (the most recent failure when no id is given).',
        argsSchema: DEBUG_FLOW_RUN_ARGS,
      },
      ({ flow_run_id }) =>
        userMessage(
          `Why did ${flow_run_id ? `flow run ${flow_run_id}` : 'my most recent failed flow run'} fail? Call diagnose_flow_run${flow_run_id ? ` with flow_run_id "${flow_run_id}"` : ' without arguments'}. Show the exception and the frame of my code it points to, which task failed and whether retries ran out. ${ANSWER_STYLE}`,
        ),
    );
    server.registerPrompt(
      'why-not-running',
      {
        title: "Why isn't my deployment running",
        description: 'Find what keeps a deployment from running: paused deployment/schedule/pool/queue, no worker, full concurrency limits.',
        argsSchema: WHY_NOT_RUNNING_ARGS,
      },
      ({ deployment }) =>
        userMessage(
          `Why isn't deployment "${deployment}" running? Call diagnose_deployment with deployment "${deployment}" (if it is not found, call get_deployments to find the right name). Go through the critical findings first. ${ANSWER_STYLE}`,
        ),
    );
    server.registerPrompt(
      'late-runs',
      {
        title: 'Why are my runs late',
        description: 'Group late flow runs across the workspace by the cause holding them back.',
        argsSchema: LATE_RUNS_ARGS,
      },
      ({ since }) =>
        userMessage(
          `Why are my flow runs late? Call diagnose_late_runs${since ? ` with since "${since}"` : ''}. Summarise each cause group with its count, oldest lateness and affected deployments, biggest group first; for a single deployment follow up with diagnose_deployment. ${ANSWER_STYLE}`,
        ),
    );
  },
};
