/**
 * The tool contract is checked in: a schema change without `npm run snapshots` fails here,
 * so every contract change shows up as a reviewable diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allTools } from '../../src/tools/registry.js';
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

/**
 * What the registry could get wrong (the schema snapshots above pin the rest): a write tool
 * outside the actions toolset, a docs tool claiming the open world, an undescribed input.
 */
test('annotations follow what each tool does: writes only in actions, never open world on the docs index', () => {
  const byName = new Map(allTools.map((tool) => [tool.name, tool]));
  assert.equal(byName.size, allTools.length, 'tool names are unique');
  for (const tool of tools) {
    const definition = byName.get(tool.name);
    assert.ok(definition, `${tool.name} is served but not in the registry`);
    const write = definition.toolset === 'actions';
    assert.equal(tool.annotations?.readOnlyHint, !write, `${tool.name}: readOnlyHint`);
    assert.equal(tool.annotations?.destructiveHint, write, `${tool.name}: destructiveHint`);
    assert.match(tool.name, /^[a-z]+(?:_[a-z]+)+$/, `${tool.name}: snake_case verb_object`);
    assert.ok((tool.description ?? '').length > 40, `${tool.name} needs a real description`);
  }
  // The docs index is local; diagnosis and actions always talk to Prefect (api tools may serve bundled data, e.g. get_object_schema).
  const openWorld = { docs: false, diagnose: true, actions: true } as const;
  const checked = tools.map((tool) => ({ tool, toolset: byName.get(tool.name)!.toolset })).filter((entry): entry is { tool: typeof entry.tool; toolset: keyof typeof openWorld } => entry.toolset in openWorld);
  assert.ok(checked.length >= 10, 'the docs, diagnose and actions tools are all listed');
  for (const { tool, toolset } of checked) assert.equal(tool.annotations?.openWorldHint, openWorld[toolset], `${tool.name}: openWorldHint`);
});

test('every input property says what it is for', () => {
  for (const tool of tools) {
    for (const [name, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) {
      assert.ok((schema.description ?? '').length >= 10, `${tool.name}.${name} has no description`);
    }
  }
});
