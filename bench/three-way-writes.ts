/**
 * Write tools of the three servers: which each one lists (and under which setting), how they are
 * annotated, and what a call does, checked on the Prefect server itself (the run's state after a
 * cancel, the deployment's run count after a run). Only the objects the seed reserves for writes are
 * touched: `flowRuns.cancellable` (one per caller) and runs of `deployments.manual`.
 */
import type { SeedManifest } from '../test/bed/seed-manifest.js';
import { openSession, type ServerSpec } from './servers.js';
import type { Server } from './three-way-questions.js';
import { timedCall } from './timed-call.js';

export interface WriteTool {
  name: string;
  readOnlyHint: boolean | null;
  destructiveHint: boolean | null;
}

export interface WriteCall {
  tool: string;
  arguments: Record<string, unknown>;
  /** What the caller was told (first 200 characters). */
  answer: string;
  /** What changed on the Prefect server. */
  effect: string;
}

export interface WriteSide {
  /** The server and how it was started. */
  config: string;
  writeTools: WriteTool[];
  calls: WriteCall[];
}

const WRITE_NAME = /^(cancel|create|run|delete|update|pause|resume|set|trigger)_/;

interface Plan {
  config: string;
  spec: ServerSpec;
  cancel: { tool: string; flowRunId: string };
  runs: Array<{ tool: string; arguments: Record<string, unknown> }>;
}

export async function benchWrites(specs: Record<Server, ServerSpec>, seed: SeedManifest, apiUrl: string): Promise<WriteSide[]> {
  const [forOurs, forCommunity, untouched] = seed.flowRuns.cancellable;
  const manual = seed.deployments.manual;
  const allowWrites: ServerSpec = { ...specs.ours, env: { ...specs.ours.env, PREFECT_MCP_ALLOW_WRITES: '1' } };
  const plans: Plan[] = [
    { config: 'ours, default', spec: specs.ours, cancel: { tool: 'cancel_flow_run', flowRunId: untouched! }, runs: [{ tool: 'run_deployment', arguments: { deployment: manual.fullName } }] },
    { config: 'ours, --allow-writes', spec: allowWrites, cancel: { tool: 'cancel_flow_run', flowRunId: forOurs! }, runs: [{ tool: 'run_deployment', arguments: { deployment: manual.fullName } }] },
    { config: 'official, default', spec: specs.official, cancel: { tool: 'cancel_flow_run', flowRunId: untouched! }, runs: [{ tool: 'run_deployment', arguments: { deployment: manual.fullName } }] },
    {
      config: 'community, default',
      spec: specs.community,
      cancel: { tool: 'cancel_flow_run', flowRunId: forCommunity! },
      runs: [
        { tool: 'create_flow_run_from_deployment', arguments: { deployment_id: manual.fullName } },
        { tool: 'create_flow_run', arguments: { deployment_id: manual.id } },
      ],
    },
  ];
  const sides: WriteSide[] = [];
  for (const plan of plans) sides.push(await runPlan(plan, manual.id, apiUrl));
  return sides;
}

async function runPlan(plan: Plan, manualId: string, apiUrl: string): Promise<WriteSide> {
  const session = await openSession(plan.spec);
  try {
    const listed = await session.client.listTools(undefined, { timeout: 60_000 });
    const writeTools = listed.tools
      .filter((tool) => WRITE_NAME.test(tool.name) || tool.annotations?.readOnlyHint === false)
      .map((tool) => ({ name: tool.name, readOnlyHint: tool.annotations?.readOnlyHint ?? null, destructiveHint: tool.annotations?.destructiveHint ?? null }));
    const calls: WriteCall[] = [];
    const before = await runState(apiUrl, plan.cancel.flowRunId);
    const cancelArgs = { flow_run_id: plan.cancel.flowRunId };
    const cancelled = await timedCall(session.client, { name: plan.cancel.tool, arguments: cancelArgs });
    const after = await runState(apiUrl, plan.cancel.flowRunId);
    calls.push({ tool: plan.cancel.tool, arguments: cancelArgs, answer: answerText(cancelled), effect: before === after ? `run stays ${after}` : `run ${before} → ${after}` });
    for (const run of plan.runs) {
      const runsBefore = await deploymentRuns(apiUrl, manualId);
      const outcome = await timedCall(session.client, { name: run.tool, arguments: run.arguments });
      const created = (await deploymentRuns(apiUrl, manualId)) - runsBefore;
      calls.push({ tool: run.tool, arguments: run.arguments, answer: answerText(outcome), effect: created === 0 ? 'no run created' : `${created} run(s) created` });
    }
    return { config: plan.config, writeTools, calls };
  } finally {
    await session.close();
  }
}

function answerText(outcome: Awaited<ReturnType<typeof timedCall>>): string {
  if (!outcome.ok) return `error: ${outcome.error}`.replace(/\s+/g, ' ').slice(0, 200);
  const text = outcome.result.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

async function runState(apiUrl: string, id: string): Promise<string> {
  const response = await fetch(`${apiUrl}/flow_runs/${id}`);
  if (!response.ok) return `unreadable (${response.status})`;
  return ((await response.json()) as { state_name?: string }).state_name ?? 'no state';
}

async function deploymentRuns(apiUrl: string, deploymentId: string): Promise<number> {
  const response = await fetch(`${apiUrl}/flow_runs/count`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ deployments: { id: { any_: [deploymentId] } } }),
  });
  if (!response.ok) throw new Error(`POST /flow_runs/count: ${response.status}`);
  return (await response.json()) as number;
}
