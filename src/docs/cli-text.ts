/** A CLI command's help as text: for get_cli_help, search_cli and the prefect-cli:// resources. */
import type { CliCommandView, CliParameterView, CliSubcommandView, CliVersions } from './cli-knowledge.js';

const STRUCTURE_FROM: Record<CliCommandView['sources']['structure'], string> = {
  installed: 'your installed prefect',
  docs: 'the docs CLI reference',
  'docs-usage': 'examples in the guides (there is no CLI reference page): inferred, NOT complete; check `prefect … --help`',
};

/** Where a subcommand is known from, in a few words. */
const SUBCOMMAND_FROM: Record<CliSubcommandView['sources'][number], string> = {
  installed: 'installed',
  docs: 'reference',
  'docs-usage': 'guide examples',
};

export function versionLine(versions: CliVersions): string {
  const installed = versions.installed ? `installed prefect ${versions.installed}` : versions.installed_status;
  const date = versions.docs_built_at ? ` of ${versions.docs_built_at.slice(0, 10)}` : '';
  return `[${installed}; docs snapshot${date} ${versions.docs ? `prefect ${versions.docs}` : '(version unknown)'}]`;
}

function parameterLine(parameter: CliParameterView, full: boolean): string {
  const first = parameter.help.split('\n')[0]!.trim();
  const help = full || first.length <= 160 ? first : `${first.slice(0, 157)}…`;
  const names = parameter.names.length ? parameter.names.join(', ') : parameter.name;
  const label = parameter.names.length && parameter.name.startsWith('-') ? names : `${parameter.name}${parameter.names.length ? ` (${names})` : ''}`;
  const facts = [parameter.required ? 'required' : '', parameter.choices.length ? `one of ${parameter.choices.join('|')}` : '', parameter.default && parameter.default !== 'false' ? `default ${parameter.default}` : '']
    .filter(Boolean)
    .join(', ');
  return `  ${label}${facts ? ` [${facts}]` : ''}${help ? `: ${help}` : ''}`;
}

/** One line per parameter, help cut to its first sentence-ish: enough to pick the right flag. */
export function renderCommand(view: CliCommandView, full: boolean): string {
  const lines = [`${view.command}${view.aliases.length ? ` (aliases: ${view.aliases.join(', ')})` : ''} — ${view.description.split('\n')[0] ?? ''}`];
  if (view.alias_of) lines.push(`(You asked for an alias of ${view.alias_of}.)`);
  if (view.usage) lines.push(`Usage: ${view.usage}`);
  if (view.arguments.length) lines.push('Arguments:', ...view.arguments.map((argument) => parameterLine(argument, full)));
  if (view.options.length) lines.push('Options:', ...view.options.map((option) => parameterLine(option, full)));
  if (full && view.examples.length) lines.push('Examples:', ...view.examples.map((example) => example.replace(/^/gm, '  ')));
  if (view.subcommands.length) lines.push('Subcommands:', ...view.subcommands.map((sub) => `  ${sub.command} — ${sub.description ? `${sub.description} ` : ''}[${sub.sources.map((source) => SUBCOMMAND_FROM[source]).join(', ')}]`));
  const { differences } = view;
  if (differences.command_not_installed) lines.push('Note: the docs document this command, but your installed prefect does not have it (newer than your version, or removed).');
  if (differences.command_not_in_docs) lines.push('Note: your installed prefect has this command; the docs have no reference for it.');
  if (differences.options_not_in_docs.length) lines.push(`Installed but not in the docs: ${differences.options_not_in_docs.join(', ')}`);
  if (differences.options_not_installed.length) lines.push(`In the docs but not in your installed prefect: ${differences.options_not_installed.join(', ')}`);
  if (differences.guide_flags_unknown.length) lines.push(`Used in guide examples but not listed for this command: ${differences.guide_flags_unknown.join(', ')}`);
  if (view.sources.structure === 'docs-usage') {
    lines.push(...(full ? ['Seen in:', ...view.guide_pages.map((page) => `  ${page}`)] : [`Seen in: ${view.guide_pages[0] ?? ''}${view.guide_pages.length > 1 ? ` and ${view.guide_pages.length - 1} more` : ''}`]));
  } else if (view.url) lines.push(`${view.sources.url === 'docs-usage' ? 'Used in the guides' : 'Docs'}: ${view.url}`);
  lines.push(`Structure from: ${STRUCTURE_FROM[view.sources.structure]}.`);
  return lines.join('\n');
}
