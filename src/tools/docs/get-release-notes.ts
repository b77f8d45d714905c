import { z } from 'zod';
import { cutAt, extractSection } from '../../docs/read-page.js';
import type { DocsStore, PageInfo } from '../../docs/store.js';
import { compareVersions, releasePackage, releaseVersion } from '../../docs-model/releases.js';
import { defineTool, type ToolContext } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { MAX_NAME_CHARS } from '../inputs.js';

const MAX_CHARS = 8000;
/** How long the answer waits for the connected server's and the installed CLI's versions. */
const VERSION_PROBE_MS = 2000;

interface ReleaseEntry {
  package: string;
  version: string;
  page: PageInfo;
  heading: PageInfo['headings'][number];
}

/** Every release heading ('## 3.8.3 - Title', '## 0.7.11') across the release-notes pages, newest first. */
function releases(store: DocsStore): ReleaseEntry[] {
  const entries: ReleaseEntry[] = [];
  for (const page of store.pages) {
    const pkg = releasePackage(page.path);
    if (!pkg) continue;
    for (const heading of page.headings) {
      const version = releaseVersion(heading);
      if (version) entries.push({ package: pkg, version, page, heading });
    }
  }
  return entries.sort((a, b) => compareVersions(b.version, a.version));
}

interface NewerPrefect {
  where: 'server' | 'cli';
  version: string;
}

/** The connected server's and the installed CLI's Prefect versions when newer than the newest documented release. */
async function newerThanSnapshot(ctx: ToolContext, newest: string): Promise<NewerPrefect[]> {
  const within = <T>(promise: Promise<T>) =>
    Promise.race([promise.catch(() => undefined), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), VERSION_PROBE_MS).unref())]);
  const server = async () => {
    const raw = await ctx.prefect().get<unknown>('/admin/version', { signal: ctx.signal });
    return typeof raw === 'string' ? raw : undefined;
  };
  const cli = async () => (await ctx.docs.installedCli(ctx.config.prefectBin)?.version())?.match(/\d+\.\d+\.\d+\S*/)?.[0];
  const [serverVersion, cliVersion] = await Promise.all([within(server()), within(cli())]);
  const found: NewerPrefect[] = [];
  if (serverVersion && compareVersions(serverVersion, newest) > 0) found.push({ where: 'server', version: serverVersion });
  if (cliVersion && compareVersions(cliVersion, newest) > 0) found.push({ where: 'cli', version: cliVersion });
  return found;
}

function newerText(newer: NewerPrefect[], newest: string): string {
  return newer
    .map(({ where, version }) => `${where === 'server' ? 'The connected Prefect server runs' : 'The installed prefect CLI is'} ${version}, newer than the newest release in this docs snapshot (${newest}); its notes are at https://github.com/PrefectHQ/prefect/releases/tag/${version}.`)
    .join('\n');
}

export const getReleaseNotes = defineTool({
  name: 'get_release_notes',
  title: 'Prefect release notes',
  description:
    'Release notes from the offline Prefect docs: for a version ("3.8.3", or "latest"), a minor series ("3.8", listing its releases), or an integration ("prefect-aws 0.7.11"). Without a version, lists the versions covered, newest first. Says how fresh the docs snapshot is, and when the connected server or installed CLI is newer than it.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    version: z.string().max(MAX_NAME_CHARS).optional().describe('"3.8.3", "latest", "3.8", or "prefect-aws 0.7.11"; omit to list versions'),
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
    newest: z.string().describe('The newest release of the package in this docs snapshot'),
    snapshot: z.string().describe('How fresh the docs snapshot is: its date and newest documented Prefect version'),
    newer: z
      .array(z.object({ where: z.enum(['server', 'cli']), version: z.string() }))
      .describe('The connected server or installed CLI when it runs a newer Prefect than the snapshot documents (prefect only)'),
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

    const newest = ofPackage[0]!.version;
    const snapshot = ctx.docs.freshness().line;
    const newer = pkg === 'prefect' ? await newerThanSnapshot(ctx, newest) : [];
    const footer = [snapshot, newerText(newer, newest)].filter(Boolean).join('\n');
    const exact = /^latest$/i.test(version) ? ofPackage[0] : version ? ofPackage.find((entry) => entry.version === version) : undefined;
    if (!exact) {
      const series = version ? ofPackage.filter((entry) => entry.version.startsWith(`${version}.`)) : ofPackage;
      if (version && series.length === 0) {
        throw new ToolError(`No release notes for ${pkg} ${version}. Covered: ${list(ofPackage).slice(0, 30).join(', ')}${ofPackage.length > 30 ? ', …' : ''}.`);
      }
      const data = { package: pkg, version: null, versions: list(series), packages, url: version ? series[0]!.page.url : null, markdown: null, truncated: false, newest, snapshot, newer };
      const text = `${pkg} release notes${version ? ` for ${version}.x` : ''}, newest first: ${data.versions.join(', ')}\nAsk get_release_notes with one version (or "latest") for its notes. Other packages: ${packages.filter((p) => p !== pkg).join(', ')}\n${footer}`;
      return { data, text };
    }
    const section = extractSection(store.markdown(exact.page), exact.page.headings, exact.heading.anchor);
    const { text: markdown, next } = cutAt(section?.markdown ?? '', 0, MAX_CHARS);
    const url = `${exact.page.url}#${exact.heading.anchor}`;
    const data = { package: pkg, version: exact.version, versions: [exact.version], packages, url, markdown, truncated: next !== null, newest, snapshot, newer };
    const more = next !== null ? `\n\n[truncated; read the rest with read_doc { url_or_path: "${url}", offset: ${next} }]` : '';
    return { data, text: `${pkg} ${exact.version} — ${url}\n\n${markdown}${more}\n\n${footer}` };
  },
});
