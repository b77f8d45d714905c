/**
 * The CLI reference pages as structured commands. It reads the rendered markdown (not the
 * MDX), so a store built from the live site gets the same commands as one built from a
 * checkout: the heading is the command, a `command` fence the usage, the Info callout the
 * description, the Arguments/Options field lists the parameters, Example notes the examples.
 */
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toMarkdown } from 'mdast-util-to-markdown';
import { toString } from 'mdast-util-to-string';
import type { Blockquote, List, ListItem, RootContent } from 'mdast';
import type { CliCommandInfo } from '../src/docs-model/schema.js';

export const CLI_PREFIX = '/v3/api-ref/cli/';

export interface CliPage {
  path: string;
  url: string;
  hidden: boolean;
  markdown: string;
}

export function extractCliCommands(page: CliPage): CliCommandInfo[] {
  const tree = fromMarkdown(page.markdown);
  const slugger = new GithubSlugger();
  const commands: CliCommandInfo[] = [];
  let current: CliCommandInfo | undefined;
  let field: 'arguments' | 'options' | undefined;

  for (const node of tree.children) {
    if (node.type === 'heading') {
      const text = toString(node).trim();
      const anchor = slugger.slug(text);
      field = undefined;
      current = undefined;
      if (!/^prefect(\s|$)/.test(text)) continue;
      const words = text.split(/\s+/);
      current = {
        command: words.join(' '),
        parent: words.length > 2 ? words.slice(0, -1).join(' ') : null,
        usage: '',
        description: '',
        arguments: [],
        options: [],
        examples: [],
        url: `${page.url}#${anchor}`,
        pagePath: page.path,
        aliasOf: null,
      };
      commands.push(current);
      continue;
    }
    if (!current) continue;
    if (node.type === 'code' && node.lang === 'command' && !current.usage) current.usage = node.value.trim();
    else if (node.type === 'blockquote') readCallout(node, current);
    else if (node.type === 'paragraph') {
      const label = soleStrong(node);
      field = label === 'Arguments' ? 'arguments' : label === 'Options' ? 'options' : field;
    } else if (node.type === 'list' && field) readFields(node, field, current);
  }
  return commands;
}

function soleStrong(node: RootContent): string | undefined {
  if (node.type !== 'paragraph' || node.children.length !== 1) return undefined;
  const [only] = node.children;
  return only?.type === 'strong' ? toString(only).trim() : undefined;
}

function readCallout(node: Blockquote, command: CliCommandInfo): void {
  const [first, ...rest] = node.children;
  const kind = first ? soleStrong(first) : undefined;
  if (kind === 'Info' && !command.description) {
    command.description = rest.map((child) => toString(child)).join('\n\n').trim();
  } else if (kind === 'Note' && rest[0]?.type === 'paragraph' && rest[0].children[0]?.type === 'strong' && /^Example/.test(toString(rest[0].children[0]))) {
    const [intro, ...body] = rest;
    const after = toMarkdown({ type: 'paragraph', children: intro!.type === 'paragraph' ? intro!.children.slice(1) : [] }).trim();
    const example = [after, ...body.map((child) => toMarkdown(child).trim())].filter(Boolean).join('\n\n');
    if (example) command.examples.push(example);
  }
}

function readFields(list: List, kind: 'arguments' | 'options', command: CliCommandInfo): void {
  for (const item of list.children) {
    const parsed = readField(item);
    if (!parsed) continue;
    if (kind === 'arguments') command.arguments.push({ name: parsed.name, required: parsed.required, help: parsed.help });
    else command.options.push({ name: parsed.name, required: parsed.required, help: parsed.help });
  }
}

/** '`NAME` (string, required): help' as the renderer writes a ResponseField. */
function readField(item: ListItem): { name: string; required: boolean; help: string } | undefined {
  const [head, ...more] = item.children;
  if (head?.type !== 'paragraph' || head.children[0]?.type !== 'inlineCode') return undefined;
  const name = head.children[0].value;
  const rest = toString({ type: 'paragraph', children: head.children.slice(1) });
  const match = /^\s*(?:\(([^)]*)\))?\s*(?:,\s*default\s+`[^`]*`)?\s*:?\s*([\s\S]*)$/.exec(rest)!;
  const details = (match[1] ?? '').split(',').map((part) => part.trim());
  const help = [match[2]!.trim(), ...more.map((child) => toString(child).trim())].filter(Boolean).join('\n\n');
  return { name, required: details.includes('required'), help };
}

/** The Python API reference page of each CLI module: `prefect-cli-events`, `prefect-cli-deploy-__init__`. */
export const CLI_MODULE_PREFIX = '/v3/api-ref/python/prefect-cli-';

/**
 * The command groups named by the CLI's own modules (`prefect.cli.events` → `events`,
 * `prefect.cli.global_concurrency_limit` → `global-concurrency-limit`), from the paths of their
 * Python API reference pages. Submodules (`prefect-cli-cloud-webhook`) name no group.
 */
export function cliModuleGroups(paths: string[]): Set<string> {
  const groups = new Set<string>();
  for (const path of paths) {
    const match = /^([a-z0-9_]+)(?:-__init__)?$/.exec(path.slice(CLI_MODULE_PREFIX.length));
    if (path.startsWith(CLI_MODULE_PREFIX) && match) groups.add(match[1]!.replace(/_/g, '-'));
  }
  return groups;
}

/**
 * Alias pages (events.mdx and event.mdx, block.mdx and blocks.mdx, global-concurrency-limit.mdx and
 * gcl.mdx) document the same command tree under two names, word for word. The real name is the one a
 * CLI module is named after (`moduleGroups`, see cliModuleGroups): the sidebar lists `event`, but the
 * CLI's name is `events` with `event` its alias. Without such a module, the page in the sidebar is the
 * original; then the shorter page name.
 */
export function markAliases(pages: Array<{ page: CliPage; commands: CliCommandInfo[] }>, moduleGroups: Set<string> = new Set()): void {
  const originals = new Map<string, string>();
  const top = (commands: CliCommandInfo[]) => commands.find((c) => c.parent === null)?.command;
  const namedByModule = (commands: CliCommandInfo[]) => moduleGroups.has(top(commands)?.split(' ')[1] ?? '');
  const ordered = [...pages].sort(
    (a, b) =>
      Number(namedByModule(b.commands)) - Number(namedByModule(a.commands)) ||
      Number(a.page.hidden) - Number(b.page.hidden) ||
      a.page.path.length - b.page.path.length ||
      a.page.path.localeCompare(b.page.path),
  );
  for (const { commands } of ordered) {
    const group = top(commands);
    if (!group) continue;
    // Examples may spell the original name on both pages, so only the tree's shape counts.
    const shape = JSON.stringify(
      commands.map((c) => [c.command.slice(group.length), c.usage.split(group).join(''), c.description, c.arguments, c.options]),
    );
    const original = originals.get(shape);
    if (!original) {
      originals.set(shape, group);
      continue;
    }
    for (const command of commands) command.aliasOf = original + command.command.slice(group.length);
  }
}
