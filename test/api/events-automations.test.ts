/** read_events, get_automations and get_object_schema against the seeded bed server. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireTestBed } from '../helpers/bed.js';
import { connectStdio, type StdioConnection, callTool } from '../helpers/mcp.js';

describe('events, automations, object schema', () => {
  const bed = requireTestBed();
  const { seed } = bed;
  let mcp: StdioConnection;
  const call = (name: string, args: Record<string, unknown> = {}) => callTool(mcp.client, name, args);
  before(async () => {
    mcp = await connectStdio({ env: { PREFECT_API_URL: bed.apiUrl } });
  });
  after(() => mcp?.close());

  it('read_events finds the seeded custom event by type prefix and the failed run by resource id', async () => {
    const custom = await call('read_events', { event_type_prefix: seed.events.custom.event, occurred_after: '1d' });
    assert.equal(custom.isError, undefined, custom.text);
    assert.ok(custom.data.events.length >= 1, custom.text);
    assert.ok(custom.data.events.every((e: any) => e.event.startsWith(seed.events.custom.event)));
    assert.equal(custom.data.events[0].resource_id, seed.events.custom.resourceId);
    assert.match(custom.data.events[0].occurred, /Z$/);

    const failed = await call('read_events', { resource_id: seed.flowRuns.failed, occurred_after: '1d', event_type_prefix: 'prefect.flow-run.Failed' });
    assert.equal(failed.data.events.length, 1, failed.text);
    assert.equal(failed.data.events[0].resource_id, `prefect.flow-run.${seed.flowRuns.failed}`);
    assert.equal(failed.data.events[0].related.flow, seed.flows.flaky.name);
  });

  it('read_events pages over a pinned window and follows Prefect page tokens past 50', async () => {
    const first = await call('read_events', { occurred_after: '1d', limit: 2, order: 'oldest' });
    assert.equal(first.data.count, 2);
    assert.equal(first.data.has_more, true);
    const { since, until } = first.data.window;
    const second = await call('read_events', { occurred_after: since, occurred_before: until, limit: 2, offset: first.data.next_offset, order: 'oldest' });
    assert.notEqual(second.data.events[0].id, first.data.events[0].id);
    assert.ok(second.data.events[0].occurred >= first.data.events[1].occurred);

    const deep = await call('read_events', { occurred_after: since, occurred_before: until, limit: 60, offset: 1, order: 'oldest' });
    assert.equal(deep.isError, undefined, deep.text);
    assert.equal(deep.data.events[0].id, first.data.events[1].id);
    assert.ok(deep.data.count === 60 || deep.data.count === deep.data.total - 1, `count ${deep.data.count} total ${deep.data.total}`);
  });

  it('read_events rejects bad input with a next step', async () => {
    const badTime = await call('read_events', { occurred_after: 'yesterday-ish' });
    assert.equal(badTime.isError, true);
    assert.match(badTime.text, /ISO 8601/);
    const badFilter = await call('read_events', { filter: { not_a_field: 1 } });
    assert.equal(badFilter.isError, true);
    assert.match(badFilter.text, /not_a_field/);
  });

  it('get_automations summarizes triggers and actions; id and enabled filters work', async () => {
    const all = await call('get_automations', { limit: 50 });
    assert.equal(all.isError, undefined, all.text);
    const onFailure = all.data.automations.find((a: any) => a.id === seed.automations.onFailure.id);
    assert.equal(onFailure.name, seed.automations.onFailure.name);
    assert.match(onFailure.trigger_summary, new RegExp(seed.automations.onFailure.expectedEvent.replace(/\./g, '\\.')));
    assert.ok(onFailure.action_types.includes('do-nothing'));
    assert.equal(onFailure.trigger, undefined, 'compact by default');
    assert.ok(all.data.automations.some((a: any) => a.id === seed.automations.neverFired.id));

    const one = await call('get_automations', { id: seed.automations.neverFired.id });
    assert.equal(one.data.automations.length, 1);
    assert.deepEqual(one.data.automations[0].trigger.expect, [seed.automations.neverFired.expectedEvent]);

    const byName = await call('get_automations', { name: seed.automations.onFailure.name });
    assert.deepEqual(byName.data.automations.map((a: any) => a.id), [seed.automations.onFailure.id]);
    const enabled = await call('get_automations', { enabled: true, limit: 50 });
    assert.ok(enabled.data.automations.every((a: any) => a.enabled));

    const malformed = await call('get_automations', { id: 'not-a-uuid' });
    assert.equal(malformed.isError, true);
    assert.match(malformed.text, /get_automations/);
    const unknown = await call('get_automations', { id: '00000000-0000-4000-8000-000000000000' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /No automation/);
  });

  it('get_object_schema returns automation, trigger and action schemas with resolvable refs', async () => {
    for (const objectType of ['automation', 'trigger', 'action'] as const) {
      const r = await call('get_object_schema', { object_type: objectType });
      assert.equal(r.isError, undefined, r.text);
      const { schema } = r.data;
      const refs = [...JSON.stringify(schema).matchAll(/"#\/\$defs\/([^"]+)"/g)].map((m) => m[1]);
      for (const ref of refs) assert.ok(schema.$defs[ref], `${objectType}: missing $defs.${ref}`);
      assert.ok(schema['x-prefect-mcp-guidance'].proactive_stuck_pending_flow_runs);
    }
    const trigger = await call('get_object_schema', { object_type: 'trigger' });
    assert.ok(trigger.data.schema.$defs.EventTrigger);
    assert.equal(trigger.data.schema.$defs.RunDeployment, undefined, 'trigger schema carries no action defs');
    const action = await call('get_object_schema', { object_type: 'action' });
    assert.ok(action.data.schema.$defs.RunDeployment && action.data.schema.$defs.CancelFlowRun);
  });
});
