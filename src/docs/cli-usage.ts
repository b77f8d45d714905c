/**
 * Commands the CLI reference lacks but the guides run (`prefect deploy`, `prefect cloud login`), as
 * views built only from what the guides' shell blocks show: the command, the flags typed with it, the
 * example lines and their pages. No usage line and no flag help: the guides do not give them.
 */
import type { CliCommandView, CliParameterView, CliSubcommandView } from './cli-view.js';
import type { CliUsageInfo } from '../docs-model/schema.js';

/** Flags every command accepts; a guide typing them says nothing about the command's own options. */
const UNIVERSAL_FLAGS = new Set(['--help', '-h']);

/** At most this many example lines in an answer (the pages list them all). */
const MAX_EXAMPLES = 8;

/**
 * The guide sections using the command (URLs with the heading's anchor), the pages with the most
 * examples first: the page that shows a command most is the one about it.
 */
export function usagePages(usage: CliUsageInfo): string[] {
  const perPage = new Map<string, number>();
  for (const example of usage.examples) perPage.set(example.pagePath, (perPage.get(example.pagePath) ?? 0) + 1);
  const order = [...perPage.keys()];
  const urls = [...new Set(usage.examples.map((example) => example.url))];
  const pageOf = new Map(usage.examples.map((example) => [example.url, example.pagePath]));
  const rank = (url: string) => order.indexOf(pageOf.get(url)!);
  return urls.sort((a, b) => perPage.get(pageOf.get(b)!)! - perPage.get(pageOf.get(a)!)! || rank(a) - rank(b));
}

/** The text the ranking matches a guide-only command on: the headings and sentences around its examples. */
export function usageContext(usage: CliUsageInfo): string {
  return [...new Set(usage.examples.map((example) => example.context).filter(Boolean))].join('\n');
}

/** Flags the guides use with a command that its structure (installed or reference) does not list. */
export function guideFlagsUnknown(usage: CliUsageInfo | undefined, knownNames: string[]): string[] {
  const known = new Set(knownNames);
  return (usage?.flags ?? []).filter((flag) => !known.has(flag) && !UNIVERSAL_FLAGS.has(flag));
}

export function usageView(usage: CliUsageInfo, subcommands: CliSubcommandView[], installedKnown: boolean): CliCommandView {
  const pages = usagePages(usage);
  const pageCount = new Set(usage.examples.map((example) => example.pagePath)).size;
  const options: CliParameterView[] = usage.flags
    .filter((flag) => !UNIVERSAL_FLAGS.has(flag))
    .map((flag) => ({ name: flag, names: [flag], required: null, type: null, default: null, choices: [], env_var: [], help: 'used in a guide example', source: 'docs-usage' as const }));
  const examples = [...new Set(usage.examples.map((example) => example.line))];
  return {
    command: usage.command,
    aliases: [],
    alias_of: null,
    usage: '',
    description: `No CLI reference page documents this command; it is seen in ${examples.length} example${examples.length === 1 ? '' : 's'} on ${pageCount} guide page${pageCount === 1 ? '' : 's'}. Its structure is inferred from those examples and not complete: the options are only the flags they use.`,
    arguments: [],
    options,
    examples: examples.slice(0, MAX_EXAMPLES),
    subcommands,
    url: pages[0] ?? null,
    guide_pages: pages,
    hidden: false,
    sources: { structure: 'docs-usage', description: 'docs-usage', examples: 'docs-usage', url: 'docs-usage' },
    differences: { options_not_in_docs: [], options_not_installed: [], guide_flags_unknown: [], command_not_installed: installedKnown, command_not_in_docs: false },
  };
}
