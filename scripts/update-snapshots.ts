/** `npm run snapshots`: rewrite the tool schema snapshots and the README tool table from the registry. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listAllTools, readmeWithTable, README_PATH, renderToolTable, SNAPSHOT_DIR, snapshotOf } from './tool-catalog.js';

const tools = await listAllTools();
mkdirSync(SNAPSHOT_DIR, { recursive: true });
for (const file of readdirSync(SNAPSHOT_DIR)) rmSync(join(SNAPSHOT_DIR, file));
for (const tool of tools) writeFileSync(join(SNAPSHOT_DIR, `${tool.name}.json`), snapshotOf(tool));
writeFileSync(README_PATH, readmeWithTable(readFileSync(README_PATH, 'utf8'), renderToolTable(tools)));
process.stderr.write(`wrote ${tools.length} tool snapshots to ${SNAPSHOT_DIR} and the README tool table\n`);
