/**
 * V8's young generation (two semi-spaces) doubles each time enough objects survive a scavenge,
 * up to 2 × 16 MiB on 64-bit, and keeps that memory resident however little of it is in use:
 * loading the SDK's schemas and the docs index grows it to its maximum, ~30 MiB of a stdio
 * server's ~140 MiB RSS with 1.5 MiB of it live (measured with v8.getHeapSpaceStatistics).
 * A stdio server answers one assistant, so memory matters more than allocation throughput:
 * growth is turned off here, before the other modules load (this module is imported first).
 * Only the growth factor can change at run time (V8 reads it at each growth; the maximum
 * semi-space size is fixed when the heap is set up), and the process cannot restart itself
 * with --max-semi-space-size without doubling its start time. Commands that allocate at a
 * high rate for a while (the HTTP server under load, the indexer) call restoreYoungGeneration.
 */
import { setFlagsFromString } from 'node:v8';

const V8_DEFAULT_GROWTH_FACTOR = 2;

setFlagsFromString('--semi-space-growth-factor=1');

export function restoreYoungGeneration(): void {
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
}
