/**
 * Live-site parity: the docs snapshot served in each live shape by the localhost fixture
 * (test/helpers/docs-site.ts), crawled, and compared with the build from the local MDX
 * checkout: same titles, identical chunks, same CLI commands, same guide-run commands (cli_usage:
 * flags and example lines), chunks with agent or preamble
 * text, and dev-set Recall@5 of each build next to the local build's.
 *
 *   node dist/bench/site-parity.js [--local store.sqlite]   writes bench/results/site-parity.md
 *   node dist/bench/site-parity.js [--local store.sqlite] --only html   one kind of site (docs, www, html): prints its rows, writes nothing
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex } from '../index-builder/build.js';
import { packageRoot } from '../src/paths.js';
import { corpusSitePages, startDocsSite, startMovedSite } from '../test/helpers/docs-site.js';
import { compareStores, type StoreParity } from '../test/helpers/store-parity.js';
import { recallAt5 } from '../test/helpers/dev-recall.js';

export interface SiteParityRow extends Omit<StoreParity, 'examples'> {
  variant: string;
  buildSeconds: number;
  recallAt5: number;
}

export interface SiteParityResult {
  localRecallAt5: number;
  questions: number;
  rows: SiteParityRow[];
}

const VARIANTS: Array<{ name: string; site: 'docs' | 'www' | 'html'; llmsFull?: boolean; moved?: boolean }> = [
  { name: 'docs.prefect.io, per-page .md', site: 'docs' },
  { name: 'docs.prefect.io, llms-full.txt', site: 'docs', llmsFull: true },
  { name: 'www.prefect.io/docs, per-page .md', site: 'www' },
  { name: 'docs.prefect.io moved to www.prefect.io/docs', site: 'www', moved: true },
  { name: 'HTML pages only', site: 'html' },
];

/** `only`: the variants served as this kind of site; all of them when undefined. */
export async function benchSiteParity(localDb?: string, only?: string): Promise<SiteParityResult> {
  const dir = mkdtempSync(join(tmpdir(), 'prefect-mcp-site-parity-'));
  try {
    const local = localDb ?? join(dir, 'local.sqlite');
    if (!localDb) await buildIndex({ source: resolve(packageRoot, '..', 'shared', 'prefect-docs'), out: local });
    const localRecall = recallAt5(local);
    const pages = corpusSitePages();
    const rows: SiteParityRow[] = [];
    for (const variant of VARIANTS.filter((v) => only === undefined || v.site === only)) {
      const site = await startDocsSite({ pages, variant: variant.site, llmsFull: variant.llmsFull });
      const moved = variant.moved ? await startMovedSite(site.url) : undefined;
      try {
        const out = join(dir, `${rows.length}.sqlite`);
        const summary = await buildIndex({ source: moved?.url ?? site.url, out, concurrency: 8 });
        const { examples: _examples, ...parity } = compareStores(local, out);
        rows.push({ variant: variant.name, buildSeconds: Math.round(summary.durationMs / 100) / 10, recallAt5: recallAt5(out).recall, ...parity });
      } finally {
        await moved?.close();
        await site.close();
      }
    }
    return { localRecallAt5: localRecall.recall, questions: localRecall.questions, rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function usageCell(row: SiteParityRow): string {
  const differs = [row.usageMissing.length && `missing ${row.usageMissing.length}`, row.usageExtra.length && `extra ${row.usageExtra.length}`, row.usageDiffering.length && `other flags/examples ${row.usageDiffering.length}`].filter(Boolean);
  return `${row.localUsage}, ${differs.length ? differs.join(', ') : 'same'}`;
}

export function renderSiteParity(result: SiteParityResult): string[] {
  const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
  return [
    '## Live-site parity (bench/site-parity.ts)',
    '',
    `The docs snapshot served by the localhost fixture in each live shape, crawled, compared with the build from the local MDX checkout (targets: 100% titles, >= 98% identical chunks, same CLI commands, the same guide-run commands with the same flags and example lines, 0 agent/preamble chunks, Recall@5 within 0.01 of the local build's ${result.localRecallAt5} over ${result.questions} dev questions). Keywords, which weigh in ranking, come from each page's HTML head (\`<meta name="keywords">\`), the only place the site serves them.`,
    '',
    '| variant | pages | same title | same keywords | identical chunks | CLI commands | guide-run commands | agent/preamble chunks | Recall@5 site / local | build |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (row) =>
        `| ${row.variant} | ${row.pages}/${row.localPages} | ${pct(row.sameTitle)} | ${pct(row.sameKeywords)} | ${pct(row.identicalChunks)} | ${row.sameCliCommands ? 'same' : `missing ${row.cliMissing.length}, extra ${row.cliExtra.length}`} | ${usageCell(row)} | ${row.agentChunks} | ${row.recallAt5} / ${result.localRecallAt5} | ${row.buildSeconds} s |`,
    ),
    '',
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const option = (name: string) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const only = option('--only');
  if (only !== undefined && !VARIANTS.some((variant) => variant.site === only)) throw new Error(`--only: one of ${[...new Set(VARIANTS.map((v) => v.site))].join(', ')}`);
  const result = await benchSiteParity(option('--local'), only);
  const markdown = renderSiteParity(result).join('\n');
  // Some rows are not the table the file holds.
  if (only === undefined) {
    mkdirSync(join(packageRoot, 'bench', 'results'), { recursive: true });
    writeFileSync(join(packageRoot, 'bench', 'results', 'site-parity.md'), markdown + '\n');
  }
  process.stdout.write(markdown + '\n');
}
