import { z } from 'zod';
import { commandWords } from '../../docs/cli-catalog.js';
import type { InstalledHelp } from '../../docs/installed-cli.js';
import { defineTool } from '../define-tool.js';
import { ToolError } from '../../errors.js';
import { renderCommand } from '../../docs/cli-text.js';
import { cliArgumentSchema, cliOptionSchema } from './cli-shared.js';

const LIVE_HELP_MAX_CHARS = 6000;

export const getCliHelp = defineTool({
  name: 'get_cli_help',
  title: 'Exact help for a prefect CLI command',
  description:
    'The exact syntax of a `prefect` CLI command from the offline CLI reference: usage, arguments (required or not), options with help, examples, subcommands and the docs URL. Accepts "prefect deployment run", "deployment run", or a group like "prefect work-pool" (lists its subcommands); an unknown command gets the closest candidates. When a local `prefect` is installed it also says whether the command exists in that version and can add its real --help. To find a command for a task, use search_cli.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    command: z.string().min(1).describe('The command, e.g. "prefect deployment schedule pause" or "work-pool create"'),
    live_help: z.boolean().optional().describe('Also include the installed prefect\'s real --help text (default false)'),
  },
  output: {
    command: z.string(),
    usage: z.string(),
    description: z.string(),
    arguments: z.array(cliArgumentSchema),
    options: z.array(cliOptionSchema),
    examples: z.array(z.string()),
    subcommands: z.array(z.object({ command: z.string(), description: z.string() })),
    url: z.string().nullable().describe('The CLI reference section; null when only the installed CLI knows the command'),
    alias_of: z.string().nullable(),
    installed: z
      .object({ version: z.string().nullable(), exists: z.boolean(), help: z.string().nullable().describe('Real --help text when live_help was asked (or the docs lack the command)') })
      .nullable()
      .describe('The local prefect CLI, when one is on PATH or PREFECT_MCP_PREFECT_BIN'),
  },
  async handle(args, ctx) {
    const { cli } = ctx.docs.require();
    const words = commandWords(args.command);
    const installedCli = ctx.docs.installedCli(ctx.config.prefectBin);
    const askInstalled = async (commandPath: string[]): Promise<{ version: string | null; help?: InstalledHelp } | undefined> => {
      if (!installedCli) return undefined;
      const [version, help] = await Promise.all([installedCli.version(), installedCli.help(commandPath.slice(1))]);
      return help ? { version: version ?? null, help } : undefined;
    };

    const root = words.length === 1;
    const found = root ? undefined : cli.lookup(args.command);
    if (!found && !root) {
      const live = await askInstalled(words);
      if (live?.help?.exists) {
        // The docs omit some commands; the installed CLI still knows them.
        const help = live.help.text.slice(0, LIVE_HELP_MAX_CHARS);
        const data = { command: words.join(' '), usage: /^Usage:\s*(.*)$/m.exec(help)?.[1] ?? '', description: '', arguments: [], options: [], examples: [], subcommands: [], url: null, alias_of: null, installed: { version: live.version, exists: true, help } };
        return { data, text: `${data.command} is not in the docs CLI reference, but the installed prefect ${live.version ?? ''} has it:\n\n${help}` };
      }
      const candidates = cli.candidates(args.command);
      throw new ToolError(
        `Unknown command "${words.join(' ')}"${live ? ` (also unknown to the installed prefect ${live.version ?? ''})` : ''}. Closest: ${candidates.join(', ') || '(none)'}. Use search_cli to find a command by what it does.`,
      );
    }

    const info = found?.info;
    const command = info?.command ?? 'prefect';
    const subcommands = cli.subcommands(command).filter((sub) => !sub.aliasOf);
    const live = await askInstalled(command.split(' '));
    const installed = live ? { version: live.version, exists: live.help!.exists, help: args.live_help ? live.help!.text.slice(0, LIVE_HELP_MAX_CHARS) : null } : null;
    const data = {
      command,
      usage: info?.usage ?? 'prefect [OPTIONS] COMMAND',
      description: info?.description ?? 'The Prefect command line.',
      arguments: info?.arguments ?? [],
      options: info?.options ?? [],
      examples: info?.examples ?? [],
      subcommands: subcommands.map((sub) => ({ command: sub.command, description: sub.description.split('\n')[0] ?? '' })),
      url: info?.url ?? null,
      alias_of: info?.aliasOf ?? null,
      installed,
    };
    const notes: string[] = [];
    if (found?.rest.length) notes.push(`(Ignored "${found.rest.join(' ')}" after the command: arguments or an unknown subcommand.)`);
    if (installed) notes.push(`Installed prefect ${installed.version ?? '(version unknown)'}: ${installed.exists ? 'has this command' : 'does NOT have this command'}.`);
    const rendered = info ? renderCommand(info, subcommands, true) : `prefect — commands:\n${data.subcommands.map((sub) => `  ${sub.command} — ${sub.description}`).join('\n')}`;
    const liveText = installed?.help ? `\n\nInstalled --help:\n${installed.help}` : '';
    return { data, text: [rendered, ...notes].join('\n') + liveText };
  },
});
