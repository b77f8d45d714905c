/**
 * The layer rules of .dependency-cruiser.cjs (see docs/architecture.md) hold for src/ and
 * index-builder/, with no import cycle; and the check is real: in a copy of the sources,
 * a planted wrong import and a planted cycle each fail it, naming the broken rule.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { packageRoot } from '../../src/paths.js';

const CONFIG = '.dependency-cruiser.cjs';

async function layerViolations(root: string): Promise<{ violations: IViolation[]; modules: number }> {
  const options = await extractDepcruiseOptions(join(root, CONFIG));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const result = await cruise(['src', 'index-builder'], { ...options, baseDir: root, validate: true, outputType: 'json' }, {}, { tsConfig });
  const output = (typeof result.output === 'string' ? JSON.parse(result.output) : result.output) as ICruiseResult;
  return { violations: output.summary.violations, modules: output.summary.totalCruised };
}

const describeViolation = (v: IViolation) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((step) => step.name).join(' → ')})` : ''}`;

describe('layer rules (dependency-cruiser)', { timeout: 300_000 }, () => {
  const copies: string[] = [];
  after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** src/, index-builder/, tsconfig and the rules in a temp folder, with `plant` files added. */
  const copyWith = (plant: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), 'prefect-mcp-layers-'));
    copies.push(root);
    for (const entry of ['src', 'index-builder', 'tsconfig.json', CONFIG]) cpSync(join(packageRoot, entry), join(root, entry), { recursive: true });
    symlinkSync(join(packageRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    for (const [path, text] of Object.entries(plant)) writeFileSync(join(root, path), text);
    return root;
  };

  it('src/ and index-builder/ follow the layer rules and have no import cycle', async () => {
    const { violations, modules } = await layerViolations(packageRoot);
    assert.ok(modules > 100, `only ${modules} modules were cruised: the check is not seeing the code`);
    assert.deepEqual(violations.map(describeViolation), []);
  });

  it('fails on a planted wrong import: the docs store reaching into index-builder/', async () => {
    const root = copyWith({ 'src/docs/planted.ts': "import { buildIndex } from '../../index-builder/build.js';\nexport const planted = buildIndex;\n" });
    const { violations } = await layerViolations(root);
    const found = violations.map(describeViolation);
    assert.ok(found.includes('docs-layer: src/docs/planted.ts → index-builder/build.ts'), found.join('\n'));
    assert.ok(found.includes('indexer-only-from-cli: src/docs/planted.ts → index-builder/build.ts'), found.join('\n'));
  });

  it('fails on a planted upward import (bottom layer → tools) and on a planted cycle', async () => {
    const root = copyWith({
      'src/config/planted.ts': "import type { ToolContext } from '../tools/define-tool.js';\nexport type Planted = ToolContext;\n",
      'src/prefect/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
      'src/prefect/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
    });
    const found = (await layerViolations(root)).violations.map(describeViolation);
    assert.ok(found.includes('bottom-layer: src/config/planted.ts → src/tools/define-tool.ts'), found.join('\n'));
    assert.ok(found.some((line) => line.startsWith('no-circular: src/prefect/cycle-a.ts → src/prefect/cycle-b.ts')), found.join('\n'));
  });
});
