/** Toolset metadata is the one source of the server instructions, the --toolsets help and the README's toolset table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { TOOLSET_INFO, TOOLSETS, toolsetsHelp } from '../../src/config/toolsets.js';
import { buildInstructions } from '../../src/server/instructions.js';
import { README_PATH } from '../../scripts/tool-catalog.js';

const config = (toolsets: string, allowWrites = false) =>
  resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_MCP_TOOLSETS: toolsets, ...(allowWrites ? { PREFECT_MCP_ALLOW_WRITES: '1' } : {}) } });

test('every toolset has its metadata, in TOOLSETS order', () => {
  assert.deepEqual(TOOLSET_INFO.map((info) => info.id), [...TOOLSETS]);
});

test('the instructions describe only the enabled toolsets: no get_identity without api, no actions without writes', () => {
  const docsOnly = buildInstructions(config('docs'));
  assert.match(docsOnly, /^- docs — /m);
  assert.doesNotMatch(docsOnly, /get_identity|^- api|^- diagnose|^- actions/m);
  const all = buildInstructions(config('all'));
  assert.match(all, /get_identity/);
  assert.deepEqual(all.match(/^- (\w+) —/gm), ['- api —', '- docs —', '- diagnose —']);
  assert.match(buildInstructions(config('all', true)), /^- actions — /m);
});

test('--toolsets help and the README name every toolset with its description', () => {
  const readme = readFileSync(README_PATH, 'utf8');
  for (const info of TOOLSET_INFO) {
    assert.ok(toolsetsHelp().includes(`${info.id} (${info.description})`), info.id);
    assert.ok(readme.includes(`| \`${info.id}\` |`), `README lacks the ${info.id} toolset row: run npm run snapshots`);
  }
});
