/**
 * What one write does under each fault a gateway or network can produce, measured against a
 * loopback server that plays Prefect's create_flow_run: the request is counted as it arrives,
 * "processed" (a run created) unless the fault is a 429, and then the fault is delivered instead
 * of the answer — the worst case, where the work is done but the caller never hears of it. Like
 * Prefect, a request that repeats an idempotency_key already processed creates nothing new.
 * Shared by test/unit/write-faults.test.ts (assertions) and bench/faults.ts (the table).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { PrefectClient } from '../../src/prefect/client.js';
import { PrefectApiError } from '../../src/prefect/errors.js';

export const FAULTS = [429, 500, 502, 503, 504, 'reset', 'timeout'] as const;
export type Fault = (typeof FAULTS)[number];

export interface WriteFaultRow {
  fault: Fault;
  /** Whether the write carried an idempotency key. */
  idempotent: boolean;
  /** Write requests that reached the server. */
  requests: number;
  /** Runs the server created. */
  runsCreated: number;
  /** 'ok', or the PrefectApiError kind the caller got. */
  outcome: string;
}

/** One write per fault and per idempotency, each against a fresh fault that hits the first request only. */
export async function measureWriteFaults(faults: readonly Fault[] = FAULTS): Promise<WriteFaultRow[]> {
  let fault: Fault = 500;
  let requests = 0;
  const processedKeys = new Set<string>();
  let runsCreated = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      const first = requests === 1;
      if (first && fault === 429) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"detail":"slow down"}');
        return;
      }
      const key = (JSON.parse(Buffer.concat(chunks).toString() || '{}') as { idempotency_key?: string }).idempotency_key;
      if (!key || !processedKeys.has(key)) runsCreated++;
      if (key) processedKeys.add(key);
      if (!first) {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'run-1', state_type: 'SCHEDULED' }));
      } else if (fault === 'reset') {
        req.socket.destroy();
      } else if (fault !== 'timeout') {
        res.writeHead(fault, { 'content-type': 'text/html' }).end(`<html><body><h1>${fault}</h1>gateway</body></html>`);
      }
      // 'timeout': never answers; the client's own timeout ends the call.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const client = new PrefectClient(
    resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'ph-')), PREFECT_API_URL: apiUrl }, flags: { timeoutSeconds: 1 } }),
  );
  const rows: WriteFaultRow[] = [];
  try {
    for (const idempotent of [false, true]) {
      for (const each of faults) {
        fault = each;
        requests = 0;
        runsCreated = 0;
        processedKeys.clear();
        const body = idempotent ? { parameters: {}, idempotency_key: `key-${each}` } : { parameters: {} };
        let outcome = 'ok';
        try {
          await client.post('/deployments/d1/create_flow_run', body, { idempotent });
        } catch (error) {
          outcome = error instanceof PrefectApiError ? error.kind : `unexpected ${String(error)}`;
        }
        rows.push({ fault: each, idempotent, requests, runsCreated, outcome });
      }
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return rows;
}
