/**
 * The tool contract is checked in: a schema change without `npm run snapshots` fails here,
 * so every contract change shows up as a reviewable diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listAllTools, readmeWithTable, README_PATH, renderToolTable, SNAPSHOT_DIR, snapshotOf } from '../../scripts/tool-catalog.js';

const tools = await listAllTools();

test('every tool has a snapshot matching its current schema', () => {
  for (const tool of tools) {
    const file = join(SNAPSHOT_DIR, `${tool.name}.json`);
    assert.ok(existsSync(file), `no snapshot for ${tool.name}: run npm run snapshots`);
    assert.equal(readFileSync(file, 'utf8'), snapshotOf(tool), `${tool.name} schema changed: review it, then run npm run snapshots`);
  }
});

test('no snapshot is left for a tool that no longer exists', () => {
  const names = new Set(tools.map((tool) => `${tool.name}.json`));
  const stale = readdirSync(SNAPSHOT_DIR).filter((file) => !names.has(file));
  assert.deepEqual(stale, [], 'stale snapshots: run npm run snapshots');
});

test('the README tool table is generated from the registry', () => {
  const readme = readFileSync(README_PATH, 'utf8');
  assert.equal(readme, readmeWithTable(readme, renderToolTable(tools)), 'README tool table is stale: run npm run snapshots');
});

test('every tool declares annotations and an output schema', () => {
  for (const tool of tools) {
    assert.equal(typeof tool.annotations?.readOnlyHint, 'boolean', tool.name);
    assert.equal(typeof tool.annotations?.destructiveHint, 'boolean', tool.name);
    assert.equal(typeof tool.annotations?.idempotentHint, 'boolean', tool.name);
    assert.equal(typeof tool.annotations?.openWorldHint, 'boolean', tool.name);
    assert.equal(tool.outputSchema?.type, 'object', `${tool.name} has no output schema`);
    assert.ok((tool.description ?? '').length > 40, `${tool.name} needs a real description`);
  }
});
