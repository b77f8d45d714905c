/**
 * Release notes in the docs: which pages hold them, how a release heading names its
 * version ('## 3.8.3 - Title', '## 0.7.11'), and version order. The indexer records the
 * newest Prefect release it saw; get_release_notes lists and finds releases the same way.
 */
import type { PageHeading } from './schema.js';

/** '/v3/release-notes/oss/version-3-8' → 'prefect'; '/v3/release-notes/integrations/prefect-aws' → 'prefect-aws'. */
export function releasePackage(path: string): string | undefined {
  const match = /^\/v3\/release-notes\/(oss|integrations)\/(.+)$/.exec(path);
  if (!match) return undefined;
  return match[1] === 'oss' ? 'prefect' : match[2]!;
}

/** The version a release heading names, or undefined when the heading is not a release. */
export function releaseVersion(heading: PageHeading): string | undefined {
  if (heading.depth !== 2) return undefined;
  return /^v?(\d+\.\d+(?:\.\d+)?(?:[a-z0-9.+-]*)?)\b/i.exec(heading.text)?.[1];
}

/** Numeric order of dotted versions; a pre-release ('3.8.0rc1', '3.8.4.dev6') sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [, numbers = '', rest = ''] = /^(\d+(?:\.\d+)*)(.*)$/.exec(version) ?? [];
    return { numbers: numbers.split('.').map(Number), pre: rest.replace(/^[.-]/, '') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const diff = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre.localeCompare(y.pre, 'en', { numeric: true });
}

/** The newest Prefect release among pages' headings. */
export function newestPrefectRelease(pages: Iterable<{ path: string; headings: PageHeading[] }>): string | undefined {
  let newest: string | undefined;
  for (const page of pages) {
    if (releasePackage(page.path) !== 'prefect') continue;
    for (const heading of page.headings) {
      const version = releaseVersion(heading);
      if (version && (!newest || compareVersions(version, newest) > 0)) newest = version;
    }
  }
  return newest;
}
