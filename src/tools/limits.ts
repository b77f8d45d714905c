/**
 * One policy for an oversized `limit`, in every tool that takes one: it is clamped to the
 * tool's maximum and the response says so (a note), rather than silently capped or rejected.
 */
export interface ClampedLimit {
  limit: number;
  /** Set when the requested limit was clamped. */
  note?: string;
}

export function clampLimit(requested: number | undefined, fallback: number, max: number): ClampedLimit {
  const limit = requested ?? fallback;
  if (limit <= max) return { limit };
  return { limit: max, note: `limit ${limit} was clamped to ${max}` };
}
