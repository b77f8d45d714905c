/** A CLI command's help as text: for get_cli_help, search_cli and the prefect-cli:// resources. */
import type { CliCommandInfo } from '../docs-model/schema.js';

/** One line per parameter, help cut to its first sentence-ish: enough to pick the right flag. */
export function renderCommand(info: CliCommandInfo, subcommands: CliCommandInfo[], full: boolean): string {
  const short = (help: string) => {
    const first = help.split('\n')[0]!.trim();
    return full || first.length <= 160 ? first : `${first.slice(0, 157)}…`;
  };
  const lines = [`${info.command}${info.aliasOf ? ` (alias of ${info.aliasOf})` : ''} — ${info.description.split('\n')[0] ?? ''}`];
  if (info.usage) lines.push(`Usage: ${info.usage}`);
  if (info.arguments.length) lines.push('Arguments:', ...info.arguments.map((arg) => `  ${arg.name}${arg.required ? ' (required)' : ''}: ${short(arg.help)}`));
  if (info.options.length) lines.push('Options:', ...info.options.map((option) => `  ${option.name}: ${short(option.help)}`));
  if (full && info.examples.length) lines.push('Examples:', ...info.examples.map((example) => example.replace(/^/gm, '  ')));
  if (subcommands.length) lines.push('Subcommands:', ...subcommands.map((sub) => `  ${sub.command} — ${sub.description.split('\n')[0] ?? ''}`));
  lines.push(`Docs: ${info.url}`);
  return lines.join('\n');
}
