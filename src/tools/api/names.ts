/**
 * Resolves ids to names in bulk: one `/{collection}/filter` call per collection per response,
 * instead of a GET per object, so summaries can name their relations cheaply.
 */
import type { ToolContext } from '../define-tool.js';

type Named = { id: string; name: string };

export async function namesById(
  ctx: ToolContext,
  collection: 'flows' | 'deployments' | 'flow_runs',
  ids: Array<string | null | undefined>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const rows = await ctx
    .prefect()
    .post<Named[]>(`/${collection}/filter`, { [collection]: { id: { any_: unique } }, limit: unique.length }, { signal: ctx.signal });
  return new Map(rows.map((row) => [row.id, row.name]));
}
