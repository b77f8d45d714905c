import { z } from 'zod';
import { cutAt, extractSection } from '../../docs/read-page.js';
import type { DocsStore, PageInfo } from '../../docs/store.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { MAX_NAME_CHARS } from '../inputs.js';

const MAX_CHARS = 8000;

interface ReleaseEntry {
  package: string;
  version: string;
  page: PageInfo;
  heading: PageInfo['headings'][number];
}

/** Every release heading ('## 3.8.3 - Title', '## 0.7.11') across the release-notes pages. */
function releases(store: DocsStore): ReleaseEntry[] {
  const entries: ReleaseEntry[] = [];
  for (const page of store.pages) {
    const match = /^\/v3\/release-notes\/(oss|integrations)\/(.+)$/.exec(page.path);
    if (!match) continue;
    const pkg = match[1] === 'oss' ? 'prefect' : match[2]!;
    for (const heading of page.headings) {
      const version = /^v?(\d+\.\d+(?:\.\d+)?(?:[a-z0-9.+-]*)?)\b/i.exec(heading.text)?.[1];
      if (heading.depth === 2 && version) entries.push({ package: pkg, version, page, heading });
    }
  }
  return entries;
}

export const getReleaseNotes = defineTool({
  name: 'get_release_notes',
  title: 'Prefect release notes',
  description:
    'Release notes from the offline Prefect docs: for a version ("3.8.3"), a minor series ("3.8", listing its releases), or an integration ("prefect-aws 0.7.11"). Without a version, lists the versions covered.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    version: z.string().max(MAX_NAME_CHARS).optional().describe('"3.8.3", "3.8", or "prefect-aws 0.7.11"; omit to list versions'),
    package: z.string().max(MAX_NAME_CHARS).optional().describe('"prefect" (default) or an integration such as "prefect-aws"'),
  },
  output: {
    package: z.string(),
    version: z.string().nullable().describe('The release shown, or null when listing'),
    versions: z.array(z.string()).describe('Releases covered (newest first) for the package, or in the asked series'),
    packages: z.array(z.string()).describe('Packages with release notes'),
    url: z.string().nullable(),
    markdown: z.string().nullable().describe('The release notes for the version'),
    truncated: z.boolean(),
  },
  async handle(args, ctx) {
    const { store } = ctx.docs.require();
    const all = releases(store);
    const packages = [...new Set(all.map((entry) => entry.package))];
    const spec = (args.version ?? '').trim().replace(/^v/i, '');
    const packageInVersion = /^(prefect(?:-[a-z0-9]+)+)\s*(?:==|@|\s)\s*(.+)$/i.exec(spec);
    const pkg = (packageInVersion?.[1] ?? args.package ?? 'prefect').toLowerCase();
    const version = packageInVersion?.[2] ?? spec;
    const ofPackage = all.filter((entry) => entry.package === pkg);
    if (ofPackage.length === 0) throw new ToolError(`No release notes for "${pkg}". Packages with release notes: ${packages.join(', ')}.`);
    const list = (entries: ReleaseEntry[]) => entries.map((entry) => entry.version);

    const exact = version ? ofPackage.find((entry) => entry.version === version) : undefined;
    if (!exact) {
      const series = version ? ofPackage.filter((entry) => entry.version.startsWith(`${version}.`)) : ofPackage;
      if (version && series.length === 0) {
        throw new ToolError(`No release notes for ${pkg} ${version}. Covered: ${list(ofPackage).slice(0, 30).join(', ')}${ofPackage.length > 30 ? ', …' : ''}.`);
      }
      const data = { package: pkg, version: null, versions: list(series), packages, url: version ? series[0]!.page.url : null, markdown: null, truncated: false };
      const text = `${pkg} release notes${version ? ` for ${version}.x` : ''}: ${data.versions.join(', ')}\nAsk get_release_notes with one version for its notes. Other packages: ${packages.filter((p) => p !== pkg).join(', ')}`;
      return { data, text };
    }
    const section = extractSection(store.markdown(exact.page), exact.page.headings, exact.heading.anchor);
    const { text: markdown, next } = cutAt(section?.markdown ?? '', 0, MAX_CHARS);
    const url = `${exact.page.url}#${exact.heading.anchor}`;
    const data = { package: pkg, version: exact.version, versions: [exact.version], packages, url, markdown, truncated: next !== null };
    const more = next !== null ? `\n\n[truncated; read the rest with read_doc { url_or_path: "${url}", offset: ${next} }]` : '';
    return { data, text: `${pkg} ${exact.version} — ${url}\n\n${markdown}${more}` };
  },
});
