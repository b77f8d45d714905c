/**
 * Every tool input is bounded at the edge, as clients see the schema: each string has a
 * maxLength (or is an enum), each array maxItems, each number a maximum. A missing bound is
 * how one 100,000-character word once took the process to 4 GB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listAllTools } from '../../scripts/tool-catalog.js';

type Node = Record<string, unknown>;

function unbounded(node: unknown, path: string, found: string[]): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as Node;
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (types.includes('string') && schema.maxLength === undefined && schema.enum === undefined && schema.const === undefined) found.push(`${path}: string without maxLength`);
  if (types.includes('array') && schema.maxItems === undefined) found.push(`${path}: array without maxItems`);
  // zod gives every integer the safe-integer range: that is no bound.
  const maximum = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
  if ((types.includes('number') || types.includes('integer')) && !(maximum !== undefined && maximum < Number.MAX_SAFE_INTEGER)) found.push(`${path}: number without maximum`);
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) unbounded(inner, `${path}.${name}`, found);
    } else if (['items', 'additionalProperties', 'propertyNames'].includes(key)) {
      unbounded(value, `${path}[]`, found);
    } else if (['anyOf', 'oneOf', 'allOf'].includes(key) && Array.isArray(value)) {
      value.forEach((inner, i) => unbounded(inner, `${path}|${i}`, found));
    }
  }
}

test('every string, array and number in every tool input schema is bounded', async () => {
  const tools = await listAllTools();
  assert.ok(tools.length >= 20, `only ${tools.length} tools listed`);
  const found: string[] = [];
  for (const tool of tools) unbounded(tool.inputSchema, tool.name, found);
  assert.deepEqual(found, []);
});
