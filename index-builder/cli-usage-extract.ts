/**
 * `prefect …` invocations in the guides' shell code blocks, as docs-usage records: the command path,
 * the flag names typed with it, the example lines and the pages they come from. The CLI reference has
 * no page for some commands every guide uses (`prefect deploy`, the `prefect cloud` tree); these
 * records are what the guides literally show of them, nothing more (no usage line, no flag help).
 */
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import type { Parent, RootContent } from 'mdast';
import type { CliUsageExample, CliUsageInfo } from '../src/docs-model/schema.js';

/** Reference sections: their code blocks document the API or past releases, not how the guides use the CLI. */
export const NOT_GUIDE_SECTIONS = ['cli', 'python-api', 'rest-api', 'api-ref', 'release-notes'] as const;
const SHELL_FENCES = new Set(['bash', 'sh', 'shell', 'console', 'zsh']);
/** Commands that run the command after them: `uv run prefect deploy`, `sudo prefect …`. */
const RUNNERS: Array<string[]> = [['uv', 'run'], ['poetry', 'run'], ['pipenv', 'run'], ['pdm', 'run'], ['hatch', 'run'], ['sudo'], ['exec'], ['time'], ['nohup']];
/** A word that can be a command name: not a value, path, placeholder or quoted argument. */
const COMMAND_WORD = /^[a-z][a-z0-9-]*$/;
/**
 * How the docs spell a value the reader substitutes (`my-pool`, `your-webhook-name`, `<ip>`): never a
 * command name past the documented tree, where the path is inferred from the words alone.
 */
const PLACEHOLDER = /^(my|your|example)-|-(name|id)$/;
const PROMPT = /^\s*\$\s+/;

export interface GuidePage {
  path: string;
  url: string;
  markdown: string;
}

/** The reference's command tree: every documented path (aliases included) and the deepest one's length in words. */
export interface ReferenceTree {
  commands: Set<string>;
  groups: Set<string>;
  maxDepth: number;
}

export function referenceTree(commands: Array<{ command: string; parent: string | null }>): ReferenceTree {
  return {
    commands: new Set(commands.map((c) => c.command)),
    groups: new Set(commands.flatMap((c) => (c.parent ? [c.parent] : []))),
    maxDepth: Math.max(2, ...commands.map((c) => c.command.split(' ').length)),
  };
}

/** A shell word; `quoted` when it starts with a quote (an argument, never a command name or flag). */
interface Token {
  text: string;
  quoted: boolean;
}

/**
 * The command lines of a shell block: `\` continuations joined, a quote left open continued on the
 * next lines (a JSON argument over several lines), comments dropped; in a block whose commands carry
 * a `$ ` prompt (always in a console block), lines without one are output.
 */
export function shellCommandLines(code: string, lang: string): string[] {
  const joined: string[] = [];
  let pending = '';
  let pendingQuote = false;
  for (const raw of code.split('\n')) {
    const line = pendingQuote ? `${pending}\n${raw}` : pending ? `${pending} ${raw.trim()}` : raw;
    pendingQuote = hasOpenQuote(line);
    if (pendingQuote) pending = line;
    else if (/\\\s*$/.test(line)) pending = line.replace(/\\\s*$/, '').trimEnd();
    else {
      joined.push(line);
      pending = '';
    }
  }
  if (pending) joined.push(pending);
  const prompted = lang === 'console' || joined.some((line) => PROMPT.test(line));
  return joined
    .filter((line) => !prompted || PROMPT.test(line))
    .map((line) => line.replace(PROMPT, '').trim())
    .filter((line) => line && !line.startsWith('#'));
}

/** Whether a line ends inside a quoted string (a `#` outside quotes starts a comment). */
function hasOpenQuote(line: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i++;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return false;
  }
  return quote !== undefined;
}

/** Shell words with quotes removed (`'a b'` is one quoted word); a `#` word starts a comment. Operators are their own words. */
function shellWords(line: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(&&|\|\||[|;])|((?:[^\s'"|;&]+|'[^']*'|"(?:[^"\\]|\\.)*"|&(?!&))+))/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(line)) !== null) {
    if (match[1]) tokens.push({ text: match[1], quoted: false });
    else if (match[2]) {
      if (match[2].startsWith('#')) break;
      tokens.push({ text: match[2].replace(/'([^']*)'|"((?:[^"\\]|\\.)*)"/g, '$1$2'), quoted: /^['"]/.test(match[2]) });
    }
  }
  return tokens;
}

/** The words after `prefect` of each `prefect` command in a line (also inside a pipeline or after a runner). */
export function prefectInvocations(line: string): Token[][] {
  const invocations: Token[][] = [];
  let segment: Token[] = [];
  const flush = () => {
    let start = 0;
    while (start < segment.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(segment[start]!.text)) start++;
    for (let matched = true; matched; ) {
      matched = false;
      for (const runner of RUNNERS) {
        if (runner.every((word, i) => segment[start + i]?.text === word)) {
          start += runner.length;
          matched = true;
        }
      }
    }
    if (segment[start]?.text === 'prefect' && !segment[start]!.quoted) invocations.push(segment.slice(start + 1));
    segment = [];
  };
  for (const token of shellWords(line)) {
    if (!token.quoted && ['&&', '||', '|', ';'].includes(token.text)) flush();
    else segment.push(token);
  }
  flush();
  return invocations;
}

/**
 * The command an invocation runs: the longest documented path at its start; past the documented tree
 * (a group's undocumented subcommand, or a top-level command the reference lacks), the command-like
 * words before the first flag or argument, no deeper than the reference's deepest command.
 */
export function commandPath(words: Token[], tree: ReferenceTree): string[] {
  const path = ['prefect'];
  for (const word of words) {
    if (word.quoted || !COMMAND_WORD.test(word.text)) break;
    const next = [...path, word.text].join(' ');
    const current = path.join(' ');
    if (!tree.commands.has(next)) {
      // A documented leaf takes arguments, not subcommands.
      if (path.length > 1 && tree.commands.has(current) && !tree.groups.has(current)) break;
      if (path.length >= tree.maxDepth || PLACEHOLDER.test(word.text)) break;
    }
    path.push(word.text);
  }
  return path;
}

/** '--key=x' → '--key'; '-n' stays; '-' and '--' alone are not flags. */
function flagName(text: string): string | undefined {
  const match = /^(--?[A-Za-z][A-Za-z0-9-]*)(?:=.*)?$/.exec(text);
  return match?.[1];
}

export interface CliInvocation {
  command: string;
  flags: string[];
  example: CliUsageExample;
}

/** Every `prefect` invocation in a page's shell blocks, with the heading and sentence before its block. */
export function extractCliInvocations(page: GuidePage, tree: ReferenceTree): CliInvocation[] {
  const invocations: CliInvocation[] = [];
  const slugger = new GithubSlugger();
  let heading: { text: string; anchor: string } | undefined;
  const visit = (parent: Parent, outer: string) => {
    let sentence = outer;
    for (const node of parent.children as RootContent[]) {
      if (node.type === 'heading') {
        const text = toString(node).trim();
        heading = { text, anchor: slugger.slug(text) };
        sentence = '';
      } else if (node.type === 'paragraph') sentence = toString(node).replace(/\s+/g, ' ').trim();
      else if (node.type === 'code') {
        if (SHELL_FENCES.has((node.lang ?? '').toLowerCase())) {
          for (const line of shellCommandLines(node.value, node.lang!.toLowerCase())) {
            for (const words of prefectInvocations(line)) {
              const path = commandPath(words, tree);
              const rest = words.slice(path.length - 1);
              const flags = [...new Set(rest.flatMap((word) => (word.quoted ? [] : (flagName(word.text) ?? []))))];
              const context = [heading?.text, sentence].filter(Boolean).join(': ');
              invocations.push({ command: path.join(' '), flags, example: { line, url: heading ? `${page.url}#${heading.anchor}` : page.url, pagePath: page.path, context } });
            }
          }
        }
      } else if ('children' in node) visit(node as Parent, sentence);
    }
  };
  visit(fromMarkdown(page.markdown), '');
  return invocations;
}

/** The invocations grouped by command: flags in order of first appearance, one example per distinct line. */
export function collectCliUsage(invocations: CliInvocation[], tree: ReferenceTree): CliUsageInfo[] {
  const byCommand = new Map<string, CliUsageInfo>();
  for (const { command, flags, example } of invocations) {
    if (command === 'prefect') continue;
    let usage = byCommand.get(command);
    if (!usage) byCommand.set(command, (usage = { command, flags: [], examples: [], documented: tree.commands.has(command) }));
    for (const flag of flags) if (!usage.flags.includes(flag)) usage.flags.push(flag);
    if (!usage.examples.some((seen) => seen.line === example.line && seen.pagePath === example.pagePath)) usage.examples.push(example);
  }
  return [...byCommand.values()].sort((a, b) => a.command.localeCompare(b.command));
}
