/**
 * review_rate_limits is registered only for Prefect Cloud. A local stand-in for Cloud's
 * account-level usage endpoint checks the request it makes and how throttling is grouped.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { connectStdio } from '../helpers/mcp.js';

const ACCOUNT = '11111111-1111-4111-8111-111111111111';
const WORKSPACE = '22222222-2222-4222-8222-222222222222';
const MINUTES = ['2026-01-01T10:00:00Z', '2026-01-01T10:01:00Z', '2026-01-01T10:02:00Z', '2026-01-01T10:05:00Z'];

describe('review_rate_limits', () => {
  let server: Server;
  let base = '';
  const seen: URL[] = [];
  before(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push(url);
      if (url.pathname !== `/api/accounts/${ACCOUNT}/rate-limits/usage` || req.headers.authorization !== 'Bearer pnu_test') {
        res.writeHead(404).end('{"detail":"Not Found"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          account: ACCOUNT,
          since: url.searchParams.get('since'),
          until: url.searchParams.get('until'),
          minutes: MINUTES,
          keys: {
            runs: { requested: [100, 120, 90, 50], granted: [100, 100, 80, 50] },
            'writing-logs': { requested: [10, 10, 10, 30], granted: [10, 10, 10, 25] },
            flows: { requested: [0, 0, 0, 0], granted: [0, 0, 0, 0] },
          },
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is not offered by a self-hosted server, and the other part-2 tools carry annotations and output schemas', async () => {
    const mcp = await connectStdio({ env: { PREFECT_API_URL: 'http://127.0.0.1:9/api' } });
    try {
      const { tools } = await mcp.client.listTools();
      const names = tools.map((t) => t.name);
      assert.ok(!names.includes('review_rate_limits'));
      for (const name of ['get_work_pools', 'read_events', 'get_automations', 'get_concurrency_limits', 'get_dashboard', 'get_variables', 'get_blocks', 'get_artifacts', 'get_object_schema']) {
        const tool = tools.find((t) => t.name === name);
        assert.ok(tool, `${name} not listed`);
        assert.equal(tool.annotations?.readOnlyHint, true);
        assert.ok(tool.outputSchema, `${name} has no output schema`);
      }
    } finally {
      await mcp.close();
    }
  });

  it('on Cloud, reads the account usage and groups consecutive throttled minutes', async () => {
    const mcp = await connectStdio({ env: { PREFECT_API_URL: `${base}/accounts/${ACCOUNT}/workspaces/${WORKSPACE}`, PREFECT_API_KEY: 'pnu_test' } });
    try {
      const result = (await mcp.client.callTool({ name: 'review_rate_limits', arguments: { since: '2026-01-01T09:00:00Z', until: '2026-01-01T11:00:00Z' } })) as {
        isError?: boolean;
        content: Array<{ text: string }>;
        structuredContent: any;
      };
      assert.equal(result.isError, undefined, result.content[0].text);
      const request = seen.at(-1)!;
      assert.equal(request.searchParams.get('since'), '2026-01-01T09:00:00.000Z');
      assert.ok(request.searchParams.getAll('keys').includes('runs'));
      const data = result.structuredContent;
      assert.equal(data.account_id, ACCOUNT);
      assert.equal(data.summary.total_throttling_periods, 2);
      assert.deepEqual(data.summary.affected_keys, ['runs', 'writing-logs']);
      assert.equal(data.summary.total_minutes_throttled, 3);
      assert.deepEqual(data.throttling_periods[0], {
        start: '2026-01-01T10:01:00.000Z',
        end: '2026-01-01T10:02:00.000Z',
        duration_minutes: 2,
        keys_affected: [{ key: 'runs', total_denied: 30, peak_denied_per_minute: 20 }],
      });
      assert.deepEqual(data.throttling_periods[1].keys_affected, [{ key: 'writing-logs', total_denied: 5, peak_denied_per_minute: 5 }]);
      assert.deepEqual(data.usage[0], { key: 'runs', requested: 360, denied: 30, peak_requests_per_minute: 120 });
      assert.ok(!data.usage.some((u: any) => u.key === 'flows'));
      assert.ok(!result.content[0].text.includes('pnu_test'));
    } finally {
      await mcp.close();
    }
  });
});
