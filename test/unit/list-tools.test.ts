/**
 * Every list tool against a mocked PrefectClient, table-driven (after github-mcp-server's
 * handler tests): the request it sends, paging (has_more / next_offset), the one list text
 * shape (header, a line per object, footer), the same empty-result sentence, and an
 * oversized limit clamped with a note. No Prefect server: the real-server suite (test/api)
 * stays the proof that the requests are right for Prefect itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { resolveConfig } from '../../src/config/resolve.js';
import type { DocsService } from '../../src/docs/service.js';
import type { PrefectClient } from '../../src/prefect/client.js';
import type { ToolContext, ToolDefinition } from '../../src/tools/define-tool.js';
import { getArtifacts } from '../../src/tools/api/artifacts.js';
import { getAutomations } from '../../src/tools/api/automations.js';
import { getBlocks } from '../../src/tools/api/blocks.js';
import { getDeployments } from '../../src/tools/api/deployments.js';
import { getFlowRuns } from '../../src/tools/api/flow-runs.js';
import { getFlows } from '../../src/tools/api/flows.js';
import { getTaskRuns } from '../../src/tools/api/task-runs.js';
import { getVariables } from '../../src/tools/api/variables.js';
import { getWorkPools } from '../../src/tools/api/work-pools.js';

type Row = Record<string, unknown>;
interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: Row;
}

/**
 * A PrefectClient answering from in-memory collections as Prefect's `/filter` endpoints do:
 * `{collection: {id: {any_: [...]}}}` selects by id, then `offset`/`limit` page the rows.
 */
class MockPrefect {
  readonly requests: Request[] = [];
  constructor(private readonly collections: Record<string, Row[]>) {}

  async post<T>(path: string, body: Row = {}): Promise<T> {
    this.requests.push({ method: 'POST', path, body });
    const rows = this.collections[path];
    if (!rows) throw new Error(`mock Prefect: no collection for POST ${path}`);
    const collection = path.split('/')[1]!;
    const ids = ((body[collection] as Row | undefined)?.id as { any_?: string[] } | undefined)?.any_;
    const selected = ids ? rows.filter((row) => ids.includes(row.id as string)) : rows;
    const offset = (body.offset as number | undefined) ?? 0;
    return selected.slice(offset, offset + ((body.limit as number | undefined) ?? selected.length)) as T;
  }

  async get<T>(path: string): Promise<T> {
    this.requests.push({ method: 'GET', path });
    throw new Error(`mock Prefect: unexpected GET ${path}`);
  }
}

const config = resolveConfig({ env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), 'prefect-mcp-unit-')), PREFECT_API_URL: 'http://127.0.0.1:4200/api' } });
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const time = '2026-01-02T03:04:05+00:00';

interface Case {
  tool: ToolDefinition;
  args?: Row;
  /** The `/filter` endpoint the tool lists from. */
  path: string;
  /** The structuredContent key holding the list. */
  key: string;
  plural: string;
  row: (n: number) => Row;
  /** Other collections the tool reads (names of relations, queues, workers). */
  related?: Record<string, Row[]>;
}

const flowRow = (n: number) => ({ id: uuid(n), name: `flow-${n}`, created: time, tags: [] });
const cases: Case[] = [
  { tool: getFlows, path: '/flows/filter', key: 'flows', plural: 'flows', row: flowRow, related: { '/deployments/filter': [] } },
  {
    tool: getFlowRuns,
    path: '/flow_runs/filter',
    key: 'flow_runs',
    plural: 'flow runs',
    row: (n) => ({
      id: uuid(100 + n), name: `run-${n}`, flow_id: uuid(1), deployment_id: null, state: { type: 'COMPLETED', name: 'Completed', message: null },
      state_type: 'COMPLETED', state_name: 'Completed', expected_start_time: time, start_time: time, end_time: time, estimated_run_time: 1,
      estimated_start_time_delta: 0, work_pool_name: null, work_queue_name: null, tags: [], parent_task_run_id: null, parameters: {},
    }),
    related: { '/flows/filter': [flowRow(1)], '/deployments/filter': [] },
  },
  {
    tool: getTaskRuns,
    path: '/task_runs/filter',
    key: 'task_runs',
    plural: 'task runs',
    row: (n) => ({
      id: uuid(200 + n), name: `task-${n}`, flow_run_id: null, task_key: `task-${n}`, state: { type: 'COMPLETED', name: 'Completed', message: null },
      state_type: 'COMPLETED', state_name: 'Completed', start_time: time, end_time: time, estimated_run_time: 1, run_count: 1, empirical_policy: null, tags: [],
    }),
    related: { '/flow_runs/filter': [] },
  },
  {
    tool: getDeployments,
    path: '/deployments/filter',
    key: 'deployments',
    plural: 'deployments',
    row: (n) => ({
      id: uuid(300 + n), name: `deployment-${n}`, flow_id: uuid(1), paused: false, status: 'READY', schedules: [], work_pool_name: 'pool', work_queue_name: 'default',
      tags: [], concurrency_limit: null, last_polled: null, updated: time,
    }),
    related: { '/flows/filter': [flowRow(1)] },
  },
  {
    tool: getWorkPools,
    path: '/work_pools/filter',
    key: 'work_pools',
    plural: 'work pools',
    row: (n) => ({ id: uuid(400 + n), name: `pool-${n}`, type: 'process', status: 'READY', is_paused: false, concurrency_limit: null, description: null, created: time, updated: time }),
    related: Object.fromEntries([1, 2, 3].flatMap((n) => [[`/work_pools/pool-${n}/queues/filter`, []], [`/work_pools/pool-${n}/workers/filter`, []]])),
  },
  { tool: getVariables, path: '/variables/filter', key: 'variables', plural: 'variables', row: (n) => ({ id: uuid(500 + n), name: `var_${n}`, value: n, tags: [], created: time, updated: time }) },
  {
    tool: getArtifacts,
    path: '/artifacts/filter',
    key: 'artifacts',
    plural: 'artifacts',
    row: (n) => ({ id: uuid(600 + n), key: `artifact-${n}`, type: 'markdown', description: null, data: '# hi', metadata_: null, flow_run_id: null, task_run_id: null, created: time, updated: time }),
    related: { '/flow_runs/filter': [] },
  },
  {
    tool: getAutomations,
    path: '/automations/filter',
    key: 'automations',
    plural: 'automations',
    row: (n) => ({
      id: uuid(700 + n), name: `automation-${n}`, description: '', enabled: true, tags: [], trigger: { type: 'event', posture: 'Reactive', expect: ['prefect.flow-run.Failed'] },
      actions: [{ type: 'do-nothing' }], actions_on_trigger: [], actions_on_resolve: [], created: time, updated: time,
    }),
  },
  {
    tool: getBlocks,
    path: '/block_documents/filter',
    key: 'block_documents',
    plural: 'block documents',
    row: (n) => ({ id: uuid(800 + n), name: `block-${n}`, block_type_name: 'Secret', block_type: { slug: 'secret', name: 'Secret' }, updated: time }),
  },
];

async function call(c: Case, rows: number, args: Row) {
  const prefect = new MockPrefect({ [c.path]: Array.from({ length: rows }, (_, i) => c.row(i + 1)), ...c.related });
  const ctx: ToolContext = { config, prefect: () => prefect as unknown as PrefectClient, docs: undefined as unknown as DocsService };
  const parsed = z.object(c.tool.input).parse({ ...c.args, ...args });
  const result = await c.tool.handle(parsed as never, ctx);
  return { ...result, data: result.data as Row & { count: number; has_more: boolean; next_offset: number | null; notes: string[] }, prefect };
}

for (const c of cases) {
  describe(`${c.tool.name} (mocked Prefect)`, () => {
    it('pages: limit+1 asked, has_more and next_offset, header + a line per object + footer', async () => {
      const { data, text, prefect } = await call(c, 3, { limit: 2 });
      const listed = prefect.requests.find((request) => request.path === c.path);
      assert.equal(listed?.body?.limit, 3, 'asks for one more than the page to learn has_more');
      assert.equal(data.count, 2);
      assert.equal((data[c.key] as unknown[]).length, 2);
      assert.equal(data.has_more, true);
      assert.equal(data.next_offset, 2);
      const lines = text.split('\n');
      assert.equal(lines[0], `2 ${c.plural}:`);
      assert.equal(lines.at(-1), 'more available: call again with offset=2');
    });

    it('the last page: offset in the header, no has_more', async () => {
      const { data, text } = await call(c, 3, { limit: 2, offset: 2 });
      assert.equal(data.count, 1);
      assert.equal(data.has_more, false);
      assert.equal(data.next_offset, null);
      assert.match(text.split('\n')[0]!, new RegExp(`^1 \\w[\\w ]* from offset 2:$`));
      assert.doesNotMatch(text, /more available/);
    });

    it('nothing matches: the same sentence as every list tool', async () => {
      const { data, text } = await call(c, 0, {});
      assert.equal(data.count, 0);
      assert.deepEqual(data[c.key], []);
      assert.equal(text, `No ${c.plural} match.`);
    });

    it('an oversized limit is clamped to 200 with a note', async () => {
      const { data, text, prefect } = await call(c, 1, { limit: 5000 });
      const listed = prefect.requests.find((request) => request.path === c.path);
      assert.ok(listed && (listed.body?.limit as number) <= 200, `asked Prefect for ${String(listed?.body?.limit)}`);
      assert.deepEqual(data.notes, ['limit 5000 was clamped to 200; page with offset to see more']);
      assert.match(text, /^note: limit 5000 was clamped to 200; page with offset to see more$/m);
    });
  });
}
