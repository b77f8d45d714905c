/**
 * A write is never sent twice unless it carries an idempotency key: every fault a gateway or the
 * network can produce, against a loopback server that counts the writes that reach it and the runs
 * they create (see test/helpers/write-faults.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureWriteFaults, type WriteFaultRow } from '../helpers/write-faults.js';

const rows = await measureWriteFaults();
const row = (fault: WriteFaultRow['fault'], idempotent: boolean) => rows.find((r) => r.fault === fault && r.idempotent === idempotent)!;

test('a plain write reaches the server at most once after a 5xx, a reset or a timeout', () => {
  for (const fault of [500, 502, 503, 504, 'reset', 'timeout'] as const) {
    const { requests, runsCreated, outcome } = row(fault, false);
    assert.equal(requests, 1, `${fault}: ${requests} write requests reached the server`);
    assert.equal(runsCreated, 1, `${fault}: ${runsCreated} runs created`);
    assert.notEqual(outcome, 'ok', `${fault}: the caller is told the write failed`);
  }
});

test('a 429 was not processed, so the write is sent again and creates one run', () => {
  assert.deepEqual(row(429, false), { fault: 429, idempotent: false, requests: 2, runsCreated: 1, outcome: 'ok' });
  assert.deepEqual(row(429, true), { fault: 429, idempotent: true, requests: 2, runsCreated: 1, outcome: 'ok' });
});

test('a write with an idempotency key is re-sent after a gateway error or a reset, and still creates one run', () => {
  for (const fault of [502, 503, 504, 'reset'] as const) {
    assert.deepEqual(row(fault, true), { fault, idempotent: true, requests: 2, runsCreated: 1, outcome: 'ok' }, `${fault}`);
  }
  // A 500 is the server's own failure, not a gateway's: not retried; a timeout spent the caller's time.
  assert.deepEqual(row(500, true), { fault: 500, idempotent: true, requests: 1, runsCreated: 1, outcome: 'server_error' });
  assert.deepEqual(row('timeout', true), { fault: 'timeout', idempotent: true, requests: 1, runsCreated: 1, outcome: 'timeout' });
});
