import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { renderCommand } from '../../docs/cli-text.js';
import { cliArgumentSchema, cliOptionSchema } from './cli-shared.js';

export const searchCli = defineTool({
  name: 'search_cli',
  title: 'Find prefect CLI commands for a task',
  description:
    'Rank `prefect` CLI commands for a task described in plain words ("create a work pool", "set a variable", "start a worker"), each with its usage, arguments and options from the offline CLI reference. Use get_cli_help for one command\'s full help.',
  toolset: 'docs',
  kind: 'read',
  openWorld: false,
  input: {
    task: z.string().min(1).describe('What you want to do, e.g. "pause a deployment schedule"'),
    limit: z.number().int().min(1).max(20).optional().describe('How many commands (default 5)'),
  },
  output: {
    commands: z
      .array(
        z.object({
          command: z.string(),
          usage: z.string(),
          description: z.string(),
          arguments: z.array(cliArgumentSchema),
          options: z.array(cliOptionSchema),
          url: z.string(),
        }),
      )
      .describe('Best first'),
  },
  async handle(args, ctx) {
    const { cli } = ctx.docs.require();
    const found = cli.search(args.task, args.limit ?? 5);
    const commands = found.map((info) => ({ command: info.command, usage: info.usage, description: info.description, arguments: info.arguments, options: info.options, url: info.url }));
    if (commands.length === 0) return { data: { commands }, text: `No prefect command matches "${args.task}". Try other words, or search_docs.` };
    // The best match in full; the others as one line each, to stay compact.
    const [best, ...others] = found;
    const text = [renderCommand(best!, [], false), ...(others.length ? ['', 'Also:', ...others.map((info) => `  ${info.command} — ${info.description.split('\n')[0] ?? ''}`)] : [])].join('\n');
    return { data: { commands }, text };
  },
});
