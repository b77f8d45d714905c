/** The lenient input shapes: what assistants send is normalised, what is wrong is still rejected. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { caseInsensitiveEnum, MAX_LIST_ITEMS, oneOrMany } from '../../src/tools/inputs.js';

const schema = z.object({
  state_type: oneOrMany(caseInsensitiveEnum(['RUNNING', 'FAILED'])).optional(),
  order: caseInsensitiveEnum(['asc', 'desc']).optional(),
  tags: oneOrMany(z.string()).optional(),
});

describe('oneOrMany + caseInsensitiveEnum', () => {
  it('wraps a single value and canonicalises the case', () => {
    assert.deepEqual(schema.parse({ state_type: 'running' }), { state_type: ['RUNNING'] });
    assert.deepEqual(schema.parse({ state_type: [' Failed ', 'RUNNING'] }), { state_type: ['FAILED', 'RUNNING'] });
    assert.deepEqual(schema.parse({ order: 'DESC', tags: 'nightly' }), { order: 'desc', tags: ['nightly'] });
    assert.deepEqual(schema.parse({}), {});
  });

  it('still rejects unknown values and over-long lists', () => {
    assert.equal(schema.safeParse({ state_type: 'EXPLODED' }).success, false);
    assert.equal(schema.safeParse({ state_type: [1] }).success, false);
    assert.equal(schema.safeParse({ tags: Array.from({ length: MAX_LIST_ITEMS + 1 }, (_, i) => `t${i}`) }).success, false);
  });
});
