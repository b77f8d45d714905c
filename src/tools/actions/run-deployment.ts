import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { humanDuration, isoUtc } from '../api/shared.js';
import { flowName, resolveDeployment } from '../api/refs.js';
import { FINAL_STATES, type Deployment, type FlowRun } from '../../prefect/types.js';
import { checkParameters } from './parameters.js';
import { flowRunState, flowRunStateSchema } from './state.js';
import { boundedJsonObject, oneOrMany, MAX_NAME_CHARS } from '../inputs.js';

const MAX_WAIT_SECONDS = 600;
const POLL_MS = 1000;

export const runDeployment = defineTool({
  name: 'run_deployment',
  title: 'Run a deployment',
  description:
    'Creates a flow run of a deployment (like `prefect deployment run`). Parameters are checked against the deployment\'s parameter schema first; unknown or missing required ones are an error naming them. With wait_seconds it waits up to that long for a final state. Needs a worker polling the deployment\'s pool to actually start.',
  toolset: 'actions',
  kind: 'write',
  openWorld: true,
  input: {
    deployment: z.string().min(1).max(MAX_NAME_CHARS).describe('Deployment id, or "flow_name/deployment_name"'),
    parameters: boundedJsonObject().optional().describe('Flow parameters; merged over the deployment\'s defaults'),
    tags: oneOrMany(z.string().max(MAX_NAME_CHARS)).optional().describe('Extra tags for the run'),
    name: z.string().max(MAX_NAME_CHARS).optional().describe('Flow run name (default: a random slug)'),
    wait_seconds: z
      .number()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe(`Wait up to this long for a final state (default 0 = return at once; max ${MAX_WAIT_SECONDS})`),
  },
  output: {
    flow_run: flowRunStateSchema,
    deployment: z.string().describe('"flow_name/deployment_name"'),
    parameters: z.record(z.string(), z.unknown()),
    waited_seconds: z.number(),
    final: z.boolean().describe('True when the run reached COMPLETED, FAILED, CRASHED or CANCELLED'),
    notes: z.array(z.string()),
  },
  async handle(args, ctx) {
    const client = ctx.prefect();
    const opts = { signal: ctx.signal };
    const deployment = await resolveDeployment<Deployment>(client, args.deployment, opts);
    const slug = `${(await flowName(client, deployment.flow_id, opts)) ?? '?'}/${deployment.name}`;
    const given = args.parameters ?? {};
    const problems = checkParameters(deployment.parameter_openapi_schema, given, deployment.parameters ?? {});
    if (problems.length) {
      throw new ToolError(`Not running ${slug}: ${problems.join('; ')}. Fix the parameters and call run_deployment again (no run was created).`);
    }

    const notes: string[] = [];
    const wait = args.wait_seconds ?? 0;
    if (deployment.paused) notes.push('the deployment is paused: the run was created but will not start until the deployment is resumed');

    // One key per call: Prefect answers a replay with the run it already created, so the client
    // may re-send after a gateway error without ever creating a second run.
    let run = await client.post<FlowRun>(
      `/deployments/${deployment.id}/create_flow_run`,
      { parameters: given, idempotency_key: randomUUID(), ...(args.tags ? { tags: args.tags } : {}), ...(args.name ? { name: args.name } : {}) },
      { ...opts, idempotent: true },
    );
    const started = Date.now();
    while (!FINAL_STATES.has(run.state_type ?? '') && Date.now() - started < wait * 1000) {
      await sleep(POLL_MS, undefined, { signal: ctx.signal });
      run = await client.get<FlowRun>(`/flow_runs/${run.id}`, opts);
    }
    const waited = Math.round((Date.now() - started) / 100) / 10;
    const final = FINAL_STATES.has(run.state_type ?? '');
    if (!final && wait > 0) {
      notes.push(`still ${run.state_name} after ${humanDuration(waited)}; if it stays Scheduled/Late, diagnose_deployment explains why`);
    }
    const data = {
      flow_run: flowRunState(run),
      deployment: slug,
      parameters: run.parameters ?? {},
      waited_seconds: waited,
      final,
      notes,
    };
    const text = [
      `Created flow run ${run.name} (${run.id}) of ${slug}: ${run.state_name}${run.state?.message ? ` — ${run.state.message}` : ''}`,
      `parameters: ${JSON.stringify(data.parameters)}; expected start ${isoUtc(run.expected_start_time) ?? 'now'}`,
      ...notes.map((n) => `note: ${n}`),
    ].join('\n');
    return { data, text };
  },
});
