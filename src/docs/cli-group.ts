/**
 * A command group that no source has a record of its own for, answered as a group: docs-only,
 * `prefect cloud` has no reference page and is run in no guide by itself, but its commands are
 * (`cloud login`, `cloud workspace set`). Its subcommands, each marked by source, are what is known.
 */
import type { CliUsageInfo } from '../docs-model/schema.js';
import { usagePages } from './cli-usage.js';
import type { CliCommandView, CliSource, CliSubcommandView } from './cli-view.js';

const SOURCE_NAMES: Record<CliSource, string> = {
  installed: 'your installed prefect',
  docs: 'the CLI reference',
  'docs-usage': 'the guides\' example lines',
};

/** Deeper commands named in a subcommand's description; the group's own answer lists them all. */
const MAX_NAMED = 4;

/**
 * `group`'s subcommands from the guides' commands below it: a deeper command names the subcommand
 * between (`cloud workspace` from `cloud workspace set`), described by the commands seen under it.
 */
export function guideSubcommands(group: string, records: CliUsageInfo[]): CliSubcommandView[] {
  const depth = group.split(' ').length + 1;
  const below = new Map<string, CliUsageInfo[]>();
  for (const record of records) {
    if (!record.command.startsWith(`${group} `)) continue;
    const child = record.command.split(' ').slice(0, depth).join(' ');
    below.set(child, [...(below.get(child) ?? []), record]);
  }
  return [...below].map(([command, under]) => {
    const own = under.find((record) => record.command === command);
    const deeper = under.filter((record) => record !== own).map((record) => record.command.slice(command.length + 1));
    const pages = usagePages({ command, flags: [], examples: under.flatMap((record) => record.examples), documented: false }).length;
    const seen = `seen in ${pages} guide page${pages === 1 ? '' : 's'}`;
    const shown = deeper.length > MAX_NAMED ? [...deeper.slice(0, MAX_NAMED), `${deeper.length - MAX_NAMED} more`] : deeper;
    return { command, description: deeper.length ? `${seen} (${own ? 'itself and ' : ''}as ${shown.join(', ')})` : seen, sources: ['docs-usage'] };
  });
}

/** The answer for a group known only through its subcommands. */
export function groupView(group: string, subcommands: CliSubcommandView[], guideRecords: CliUsageInfo[], installedKnown: boolean): CliCommandView {
  const fromGuides = subcommands.some((sub) => sub.sources.length === 1 && sub.sources[0] === 'docs-usage');
  const below = guideRecords.filter((record) => record.command.startsWith(`${group} `));
  const pages = below.length ? usagePages({ command: group, flags: [], examples: below.flatMap((record) => record.examples), documented: false }) : [];
  const known = [...new Set(subcommands.flatMap((sub) => sub.sources))].map((source) => SOURCE_NAMES[source]).join(' and ');
  const structure = fromGuides ? 'docs-usage' : 'docs';
  return {
    command: group,
    aliases: [],
    alias_of: null,
    usage: '',
    description: `A command group with no reference page of its own${installedKnown ? ' that your installed prefect does not have' : ''}; its ${subcommands.length} subcommand${subcommands.length === 1 ? ' is' : 's are'} known from ${known}${fromGuides ? '; the guides show only the commands they run, so the list may not be complete' : ''}.`,
    arguments: [],
    options: [],
    examples: [],
    subcommands,
    url: pages[0] ?? null,
    guide_pages: pages,
    hidden: false,
    sources: { structure, description: structure, examples: null, url: pages.length ? 'docs-usage' : null },
    differences: { options_not_in_docs: [], options_not_installed: [], guide_flags_unknown: [], command_not_installed: installedKnown, command_not_in_docs: false },
  };
}
