/** get_variables, get_blocks (names only: the canaries never leak) and get_artifacts on the bed server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireTestBed } from '../helpers/bed.js';
import { connectStdio, type StdioConnection, callTool } from '../helpers/mcp.js';

describe('variables, blocks, artifacts', () => {
  const bed = requireTestBed();
  const { seed } = bed;
  let mcp: StdioConnection;
  const call = (name: string, args: Record<string, unknown> = {}) => callTool(mcp.client, name, args);
  before(async () => {
    mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  });
  after(() => mcp?.close());

  it('get_variables lists the seeded variables with values, filters by name', async () => {
    const all = await call('get_variables', { limit: 100 });
    assert.equal(all.isError, undefined, all.text);
    const byName = new Map<string, any>(all.data.variables.map((v: any) => [v.name, v]));
    for (const variable of Object.values(seed.variables)) {
      const found = byName.get(variable.name);
      assert.ok(found, `${variable.name} missing`);
      assert.equal(found.value, undefined, 'compact has only a preview');
      assert.ok(found.value_preview.startsWith(JSON.stringify(variable.value).slice(0, 20)));
    }
    const one = await call('get_variables', { name: seed.variables.config.name, detail: true });
    assert.equal(one.data.variables.length, 1);
    assert.deepEqual(one.data.variables[0].value, seed.variables.config.value);
    const contains = await call('get_variables', { name_contains: seed.variables.regions.name.slice(1, -1).toUpperCase() });
    assert.ok(contains.data.variables.some((v: any) => v.name === seed.variables.regions.name));
    const bad = await call('get_variables', { filter: { variables: { name: { nope_: 1 } } } });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /nope_/);
  });

  it('get_blocks lists block names and types but never block data', async () => {
    const docs = await call('get_blocks', { limit: 100 });
    assert.equal(docs.isError, undefined, docs.text);
    for (const block of Object.values(seed.blocks)) {
      const found = docs.data.block_documents.find((d: any) => d.id === block.id);
      assert.ok(found, `${block.name} missing`);
      assert.equal(found.name, block.name);
      assert.equal(found.block_type, block.blockType);
      assert.equal(found.load_with, `Block.load("${block.blockType}/${block.name}")`);
    }
    const secrets = await call('get_blocks', { block_type: seed.blocks.secret.blockType });
    assert.ok(secrets.data.block_documents.every((d: any) => d.block_type === seed.blocks.secret.blockType));
    const types = await call('get_blocks', { list: 'types', name_contains: 'secret', limit: 50 });
    assert.ok(types.data.block_types.some((t: any) => t.slug === 'secret'));
    for (const result of [docs, secrets, types]) {
      for (const block of Object.values(seed.blocks)) assert.ok(!result.raw.includes(block.canary), `canary of ${block.name} leaked`);
    }
  });

  it('get_artifacts names the producing flow run; detail adds the content', async () => {
    const r = await call('get_artifacts', { limit: 50 });
    assert.equal(r.isError, undefined, r.text);
    const markdown = r.data.artifacts.find((a: any) => a.key === seed.artifacts.markdown.key);
    assert.ok(markdown, r.text);
    assert.equal(markdown.type, 'markdown');
    assert.equal(markdown.flow_run_id, seed.artifacts.markdown.flowRunId);
    assert.ok(markdown.flow_run_name);
    assert.equal(markdown.data, undefined);

    const table = await call('get_artifacts', { key_contains: seed.artifacts.table.key, type: 'table', detail: true });
    assert.equal(table.data.artifacts[0].key, seed.artifacts.table.key);
    assert.ok(table.data.artifacts[0].data !== undefined);

    const byRun = await call('get_artifacts', { flow_run_id: seed.artifacts.markdown.flowRunId });
    assert.ok(byRun.data.artifacts.every((a: any) => a.flow_run_id === seed.artifacts.markdown.flowRunId));
    const bad = await call('get_artifacts', { flow_run_id: 'abc' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /get_flow_runs/);
  });
});
