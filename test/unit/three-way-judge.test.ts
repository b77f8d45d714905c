/**
 * The three-way benchmark judges an answer by the objects it lists, whatever shape each server
 * answers in: ours (structuredContent), the official server (FastMCP's `result` wrapper), the
 * community server (JSON text, with failures as an `error` field in a successful result).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { judge } from '../../bench/three-way.js';
import type { ThreeWayQuestion } from '../../bench/three-way-questions.js';
import { summarize } from '../../bench/stats.js';

const QUESTION: ThreeWayQuestion = {
  id: 'q',
  label: 'deployment by name',
  truthIds: ['d-1'],
  truthNames: ['hello-flow/seed-manual'],
  calls: { ours: { name: 'x', arguments: {} }, official: { name: 'x', arguments: {} }, community: { name: 'x', arguments: {} } },
};
const CALL = { name: 'x', arguments: {} };
const text = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });
const verdictOf = (result: CallToolResult | null, error: string | null = null) => judge(QUESTION, CALL, result, error, summarize([1]));

describe('three-way judge', () => {
  it('an answer listing exactly the truth is exact, in each server\'s shape', () => {
    const nested = { id: 'd-1', schedules: [{ id: 's-1' }] };
    assert.equal(verdictOf({ content: [], structuredContent: { deployments: [nested], count: 1 } }).verdict, 'exact');
    assert.equal(verdictOf({ content: [], structuredContent: { result: [nested] } }).verdict, 'exact');
    assert.equal(verdictOf(text({ deployment: nested })).verdict, 'exact');
  });

  it('the truth among other objects is a superset; another object alone is wrong', () => {
    const superset = verdictOf(text({ deployments: [{ id: 'd-0' }, { id: 'd-1' }, { id: 'd-2' }] }));
    assert.deepEqual([superset.verdict, superset.returned, superset.extra], ['superset', 3, 2]);
    const wrong = verdictOf(text({ deployment: { id: 'd-0' } }));
    assert.deepEqual([wrong.verdict, wrong.missing], ['wrong', ['hello-flow/seed-manual']]);
  });

  it('an error field in a successful result, an isError result and a thrown call are errors', () => {
    assert.equal(verdictOf(text({ error: 'Failed to get deployment' })).error, 'Failed to get deployment');
    assert.equal(verdictOf(null, 'MCP error -32602: Tool x not found').verdict, 'error');
  });
});
