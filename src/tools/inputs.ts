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

/*
 * Bounds on every tool input, enforced by the schema before any handler runs: no argument can
 * make a call do unbounded work (a 100,000-character word once cost the search 4 GB) or echo a
 * huge value back in an error. Far above anything a real call sends.
 */
/** Names, tags, ids or names, time spans and ISO times. */
export const MAX_NAME_CHARS = 200;
/** Free text: a search query, a task in plain words, a CLI command, a docs URL. */
export const MAX_QUERY_CHARS = 1000;
/** Counts (limits, log levels): values above a tool's own cap are clamped with a note, this only keeps them sane. */
export const MAX_COUNT = 1_000_000;
/** Paging offsets. */
export const MAX_OFFSET = 1_000_000;
/** Characters of one docs page a caller may ask for at once. */
export const MAX_DOC_CHARS = 40_000;
/** Serialized size of free-form JSON arguments (raw Prefect filters, flow parameters). */
export const MAX_JSON_CHARS = 50_000;

/** Free-form JSON object (a raw filter, flow parameters), bounded by its serialized size. */
export function boundedJsonObject() {
  return z
    .record(z.string().max(MAX_NAME_CHARS), z.unknown())
    .refine((value) => JSON.stringify(value).length <= MAX_JSON_CHARS, { message: `at most ${MAX_JSON_CHARS} characters of JSON` });
}

/** An optional time (ISO 8601 or a span like 2h): a blank string counts as omitted, so the tool's default applies. */
export function optionalTime() {
  return z.preprocess((input) => (typeof input === 'string' && input.trim() === '' ? undefined : input), z.string().max(MAX_NAME_CHARS).optional());
}
