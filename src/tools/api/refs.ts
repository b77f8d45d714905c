/**
 * Object references as assistants give them: an id, or the name a person would use
 * ("flow/deployment", a flow run's name, an automation's name). Each resolves to one object
 * or fails with a message saying which names exist or how to list them.
 */
import type { PrefectClient } from '../../prefect/client.js';
import { PrefectApiError } from '../../prefect/errors.js';
import { ToolError } from '../../errors.js';
import type { FlowRun } from '../../prefect/types.js';
import { isUuid } from './shared.js';

type Signal = { signal?: AbortSignal };

/** A deployment id, "flow_name/deployment_name", or a bare deployment name when it is unique. */
export async function resolveDeployment<T extends { id: string }>(client: PrefectClient, ref: string, { signal }: Signal): Promise<T> {
  const value = ref.trim();
  if (isUuid(value)) return client.get<T>(`/deployments/${value}`, { signal });
  const slash = value.indexOf('/');
  if (slash > 0) {
    const [flow, name] = [value.slice(0, slash).trim(), value.slice(slash + 1).trim()];
    try {
      return await client.get<T>(`/deployments/name/${encodeURIComponent(flow)}/${encodeURIComponent(name)}`, { signal });
    } catch (error) {
      if (error instanceof PrefectApiError && error.kind === 'not_found') {
        throw new ToolError(`No deployment "${value}" exists (expected "flow_name/deployment_name"). Use get_deployments to list deployments.`);
      }
      throw error;
    }
  }
  const matches = await client.post<T[]>('/deployments/filter', { deployments: { name: { any_: [value] } }, limit: 5 }, { signal });
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) {
    throw new ToolError(`No deployment named "${value}". Pass its id or "flow_name/deployment_name"; get_deployments lists them.`);
  }
  throw new ToolError(`"${value}" names ${matches.length} deployments (ids ${matches.map((d) => d.id).join(', ')}); pass the id or "flow_name/deployment_name".`);
}

/** A flow run by id or by its name. */
export async function readFlowRun(client: PrefectClient, ref: string, { signal }: Signal): Promise<FlowRun> {
  return client.get<FlowRun>(`/flow_runs/${await resolveFlowRunId(client, ref, { signal })}`, { signal });
}

/** A flow's name, or null when it cannot be read (the caller shows the id instead). */
export async function flowName(client: PrefectClient, flowId: string, { signal }: Signal): Promise<string | null> {
  try {
    return (await client.get<{ name: string }>(`/flows/${flowId}`, { signal })).name;
  } catch {
    return null;
  }
}

/** A flow run id, or a flow run's name (Prefect's generated names like "crimson-fox" are usually unique). */
export async function resolveFlowRunId(client: PrefectClient, ref: string, { signal }: Signal): Promise<string> {
  return resolveByName(client, ref, { collection: 'flow_runs', what: 'flow run', listTool: 'get_flow_runs' }, { signal });
}

/** An automation id or its exact name. */
export async function resolveAutomationId(client: PrefectClient, ref: string, { signal }: Signal): Promise<string> {
  return resolveByName(client, ref, { collection: 'automations', what: 'automation', listTool: 'get_automations' }, { signal });
}

/** A flow id or its exact name. */
export async function resolveFlowId(client: PrefectClient, ref: string, { signal }: Signal): Promise<string> {
  return resolveByName(client, ref, { collection: 'flows', what: 'flow', listTool: 'get_flows' }, { signal });
}

async function resolveByName(
  client: PrefectClient,
  ref: string,
  kind: { collection: 'flow_runs' | 'automations' | 'flows'; what: string; listTool: string },
  { signal }: Signal,
): Promise<string> {
  const value = ref.trim();
  if (isUuid(value)) return value;
  if (!value) throw new ToolError(`An empty ${kind.what} reference was given: pass its id or exact name (${kind.listTool} lists them).`);
  const matches = await client.post<Array<{ id: string }>>(
    `/${kind.collection}/filter`,
    { [kind.collection]: { name: { any_: [value] } }, limit: 5 },
    { signal },
  );
  if (matches.length === 1) return matches[0].id;
  if (matches.length === 0) throw new ToolError(`"${value}" is neither a ${kind.what} id nor the name of one. Use ${kind.listTool} to find it.`);
  throw new ToolError(`"${value}" names ${matches.length} ${kind.what}s (ids ${matches.map((m) => m.id).join(', ')}); pass the id.`);
}
