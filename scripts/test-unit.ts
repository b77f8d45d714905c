/**
 * `npm run test:unit`: the fast suite. Runs test/unit/*.test.ts (compiled) with node --test:
 * no Python, no Prefect server, no docs index; tool handlers meet a mocked PrefectClient.
 * The real-server suite (`npm test`) stays the proof; this one is for the edit-run loop.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/paths.js';

const UNIT_DIR = join(packageRoot, 'dist', 'test', 'unit');
const files = readdirSync(UNIT_DIR)
  .filter((name) => name.endsWith('.test.js'))
  .sort()
  .map((name) => join(UNIT_DIR, name));
const started = process.hrtime.bigint();
const run = spawnSync(process.execPath, ['--test', '--test-reporter=dot', ...files], { stdio: 'inherit', cwd: packageRoot });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stderr.write(`\ntest:unit: ${files.length} files in ${seconds.toFixed(1)} s (exit ${run.status})\n`);
process.exit(run.status ?? 1);
