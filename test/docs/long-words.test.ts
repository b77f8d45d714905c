/**
 * A single over-long word (a pasted blob, a fuzzer's input) must not cost memory in proportion
 * to its length squared: typo tolerance is skipped for words beyond any real docs word, so
 * each docs tool answers it and the server's peak RSS barely moves.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { connectStdio, type StdioConnection } from '../helpers/mcp.js';
import { docsStore } from './docs-store.js';

/** The process's peak resident set (VmHWM), in MiB. */
function peakRssMib(pid: number): number {
  const line = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(line, 'VmHWM in /proc/<pid>/status');
  return Number(line[1]) / 1024;
}

describe('docs tools with one over-long word', { timeout: 300_000 }, () => {
  let conn: StdioConnection;
  before(async () => {
    const db = await docsStore();
    conn = await connectStdio({ env: { PREFECT_MCP_DOCS_DB: db, PREFECT_MCP_DOCS_AUTOBUILD: '0', PREFECT_MCP_PREFECT_BIN: undefined } });
    // Load the index first, so the peak measured before the long words includes it.
    await conn.client.callTool({ name: 'search_docs', arguments: { query: 'retry a failed task' } });
  });
  after(async () => conn?.close());

  for (const length of [30_000, 100_000]) {
    it(`search_docs, search_cli, read_doc and get_cli_help answer a ${length.toLocaleString('en')}-character word without a memory spike`, async () => {
      const pid = conn.pid;
      assert.ok(pid, 'the server process id');
      const before = peakRssMib(pid);
      // A plausible misspelling repeated: a word the fuzzy matcher would otherwise try hardest on.
      const word = 'deploymnet'.repeat(length / 10);
      const calls: Array<[string, Record<string, unknown>]> = [
        ['search_docs', { query: word }],
        ['search_docs', { query: `retry ${word} backoff` }],
        ['search_cli', { task: word }],
        ['read_doc', { url_or_path: `/v3/${word}` }],
        ['get_cli_help', { command: `prefect ${word}` }],
      ];
      for (const [name, args] of calls) {
        const result = await conn.client.callTool({ name, arguments: args });
        const text = (result.content as Array<{ text?: string }>).map((part) => part.text ?? '').join('\n');
        assert.ok(text.length > 0, `${name} answers`);
      }
      const growth = peakRssMib(pid) - before;
      assert.ok(growth < 100, `peak RSS grew by ${growth.toFixed(0)} MiB`);
    });
  }
});
