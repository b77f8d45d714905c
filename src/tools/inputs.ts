/**
 * Input shapes that accept what assistants actually send: one value where a list is expected
 * ("RUNNING" for ["RUNNING"]) and enum values in any case ("running", "Failed"). The JSON
 * schema still advertises the canonical form (the list, the exact enum values), so a client
 * that follows it sends exactly that; the lenient forms are normalised here, before handlers run.
 */
import { z } from 'zod';

/** Longest list any tool accepts; Prefect filters with more values than this are a mistake, not a query. */
export const MAX_LIST_ITEMS = 100;

/** An enum matched case-insensitively (and trimmed); the handler always sees the canonical value. */
export function caseInsensitiveEnum<const T extends readonly [string, ...string[]]>(values: T) {
  const canonical = new Map(values.map((value) => [value.toLowerCase(), value]));
  return z.preprocess(
    (input) => (typeof input === 'string' ? (canonical.get(input.trim().toLowerCase()) ?? input) : input),
    z.enum(values),
  );
}

/** A list that also accepts a single item (wrapped into a one-item list). */
export function oneOrMany<T extends z.ZodType>(item: T, max = MAX_LIST_ITEMS) {
  return z.preprocess((input) => (input === undefined || input === null || Array.isArray(input) ? input : [input]), z.array(item).max(max));
}
