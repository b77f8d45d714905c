/**
 * One view of the `prefect` CLI from two sources: the installed CLI's command tree (structure: every
 * command, every flag name, required, types, defaults) and the docs CLI reference (long descriptions,
 * examples, docs URL). Each answer says which source gave which part and where the two disagree; with
 * no installed CLI (or before its introspection finished) the docs answer alone.
 */
import MiniSearch from 'minisearch';
import { commandWords, nameCandidates, type CliCatalog } from './cli-catalog.js';
import type { InstalledCli, InstalledCommand, InstalledParameter } from './installed-cli.js';
import type { CliCommandInfo, CliUsageInfo } from '../docs-model/schema.js';
import { guideFlagsUnknown, usageContext, usagePages, usageView } from './cli-usage.js';
import type { CliCommandView, CliParameterView, CliSource, CliSubcommandView } from './cli-view.js';
import { groupView, guideSubcommands } from './cli-group.js';
import { processTerm, tokenize } from '../docs-model/search-index.js';

export type { CliCommandView, CliParameterView, CliSource, CliSubcommandView } from './cli-view.js';

export interface CliVersions {
  /** The installed prefect's version; null when none is found or its introspection has not finished/failed. */
  installed: string | null;
  /** Why there is no installed version, when there is none. */
  installed_status: string;
  /** The newest Prefect release the docs snapshot describes (from its release notes), and when the index was built. */
  docs: string | null;
  docs_built_at: string | null;
}

export type CliResolution =
  | { kind: 'command'; view: CliCommandView; rest: string[] }
  | { kind: 'unknown'; typed: string; candidates: string[] };

const ROOT_DESCRIPTION = 'The Prefect command line.';

/** Longer command strings are not commands; errors must not echo them. */
export const COMMAND_MAX_CHARS = 500;

/** NFKC (full-width letters, compatibility forms), lower case, single spaces. */
export function normalizeCommandText(input: string): string {
  return input.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

interface UnionDocument {
  id: number;
  name: string;
  description: string;
  parameters: string;
}

interface UnionEntry {
  command: string;
  installed?: InstalledCommand;
  docs?: CliCommandInfo;
  /** Only for a command no reference page documents: what the guides show of it. */
  usage?: CliUsageInfo;
  group: boolean;
}

export class CliKnowledge {
  private readonly installedByPath = new Map<string, InstalledCommand>();
  private readonly entries: UnionEntry[] = [];
  private readonly index: MiniSearch<UnionDocument>;
  private readonly usageByCommand = new Map<string, CliUsageInfo>();
  /** Guide-only commands (no reference page), when they are part of the answers (docs-only). */
  private readonly usageOnly: CliUsageInfo[];

  constructor(
    private readonly catalog: CliCatalog,
    private readonly installed: InstalledCommand[] | undefined,
    public versions: CliVersions,
    usage: CliUsageInfo[] = [],
  ) {
    for (const record of usage) this.usageByCommand.set(record.command, record);
    // The installed tree is complete: a guide-only spelling it lacks (a 2.x leftover, an argument read as a
    // subcommand) is not ranked beside it; get_cli_help still resolves it, marked as not installed.
    this.usageOnly = usage.filter((record) => !record.documented && !catalog.exact(record.command));
    for (const command of installed ?? []) {
      this.installedByPath.set(command.path, command);
      for (const alias of command.aliases) if (!this.installedByPath.has(alias)) this.installedByPath.set(alias, command);
    }
    // Commands under an alias group ('prefect flows ls') resolve too.
    for (const command of installed ?? []) {
      const words = command.path.split(' ');
      for (let length = words.length - 1; length >= 2; length--) {
        for (const alias of this.installedByPath.get(words.slice(0, length).join(' '))?.aliases ?? []) {
          const aliasPath = [alias, ...words.slice(length)].join(' ');
          if (!this.installedByPath.has(aliasPath)) this.installedByPath.set(aliasPath, command);
        }
      }
    }
    this.index = new MiniSearch<UnionDocument>({
      fields: ['name', 'description', 'parameters'],
      tokenize,
      processTerm,
      searchOptions: { boost: { name: 3, description: 2, parameters: 1 }, prefix: (term) => term.length >= 4, fuzzy: (term) => (term.length >= 5 ? 0.2 : false) },
    });
    const covered = new Set<CliCommandInfo>();
    for (const command of installed ?? []) {
      if (command.hidden) continue;
      const docs = this.docsFor(command);
      if (docs) covered.add(docs);
      this.entries.push({ command: command.path, installed: command, docs, group: command.group });
    }
    for (const docs of catalog.indexed()) {
      if (covered.has(docs)) continue;
      if (installed && this.installedByPath.has(docs.command)) continue; // an alias spelling of an installed command
      this.entries.push({ command: docs.command, docs, group: catalog.subcommands(docs.command).length > 0 });
    }
    if (!installed) for (const record of this.usageOnly) this.entries.push({ command: record.command, usage: record, group: this.subcommandsOf(record.command).length > 0 });
    this.index.addAll(
      this.entries.map((entry, id) => ({
        id,
        name: [entry.command, ...(entry.installed?.aliases ?? [])].map((path) => path.replace(/^prefect\s*/, '')).join(' '),
        description: [entry.docs?.description ?? '', entry.installed?.help ?? '', entry.usage ? usageContext(entry.usage) : ''].join('\n'),
        parameters: [
          ...[...(entry.installed ? [...entry.installed.arguments, ...entry.installed.options] : [...(entry.docs?.arguments ?? []), ...(entry.docs?.options ?? [])])].map((field) => `${field.name} ${field.help}`),
          ...(entry.usage?.flags ?? []),
        ].join('\n'),
      })),
    );
  }

  get hasInstalled(): boolean {
    return this.installed !== undefined;
  }

  /** The longest command at the start of the input, from either source; else name-alike candidates. */
  resolve(input: string): CliResolution {
    const words = commandWords(normalizeCommandText(input));
    if (words.length === 1) return { kind: 'command', view: this.rootView(), rest: [] };
    let installedMatch: { command: InstalledCommand; length: number } | undefined;
    for (let length = words.length; length >= 2 && !installedMatch; length--) {
      const command = this.installedByPath.get(words.slice(0, length).join(' '));
      if (command) installedMatch = { command, length };
    }
    const docsMatch = this.catalog.lookup(words.join(' '));
    const docsLength = docsMatch ? words.length - docsMatch.rest.length : 0;
    if (installedMatch && installedMatch.length >= docsLength) {
      const typed = words.slice(0, installedMatch.length).join(' ');
      const view = this.installedView(installedMatch.command, typed);
      return { kind: 'command', view, rest: words.slice(installedMatch.length) };
    }
    const usageMatch = this.usageMatch(words);
    const group = this.groupMatch(words, Math.max(installedMatch?.length ?? 0, docsLength, usageMatch?.length ?? 0));
    if (group) return { kind: 'command', view: groupView(group.command, group.subcommands, this.installed ? [] : this.usageOnly, this.installed !== undefined), rest: [] };
    if (usageMatch && usageMatch.length > docsLength) return { kind: 'command', view: this.usageView(usageMatch.record), rest: words.slice(usageMatch.length) };
    if (docsMatch) return { kind: 'command', view: this.docsView(docsMatch.info), rest: docsMatch.rest };
    return { kind: 'unknown', typed: words.join(' '), candidates: this.candidates(words) };
  }

  /** Commands for a task in plain words, over the union of the installed and documented commands. */
  search(task: string, limit: number): CliCommandView[] {
    const query = normalizeCommandText(task);
    const expansion = cliVerbExpansion(query);
    const extra = new Set(tokenize(expansion).map((term) => processTerm(term)).filter((term): term is string => term !== null));
    const own = new Set(tokenize(query).map((term) => processTerm(term)));
    // The user's own words count fully; the CLI spellings of their verbs (show → view, ls) count half.
    const boostTerm = (term: string) => (extra.has(term) && !own.has(term) ? 0.5 : 1);
    const hits = this.index.search(expansion ? `${query} ${expansion}` : query, { boostTerm });
    const queryTerms = new Set([...own, ...extra]);
    return hits
      .map((hit) => {
        const entry = this.entries[hit.id as number]!;
        // A leaf does the task, its group only lists commands; a command whose own action word
        // (`disable` in `gcl disable`) is the task's verb beats siblings that merely mention it.
        const action = processTerm(entry.command.split(' ').at(-1)!);
        const boost = (entry.group && !entry.installed?.runnable ? 0.7 : 1) * (action && queryTerms.has(action) ? 1.3 : 1);
        return { entry, score: hit.score * boost };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ entry }) => (entry.installed ? this.installedView(entry.installed, entry.command) : entry.usage ? this.usageView(entry.usage) : this.docsView(entry.docs!)));
  }

  /** Commands named like the typed words, the typed group's own commands first (`prefect cloud` → `cloud login`, …). */
  private candidates(words: string[]): string[] {
    const names = this.installed
      ? this.installed.filter((c) => !c.hidden).map((c) => c.path)
      : [...this.catalog.indexed().map((c) => c.command), ...this.usageOnly.map((record) => record.command)];
    const typed = words.join(' ');
    const children = names.filter((name) => name.startsWith(`${typed} `));
    return [...new Set([...children, ...nameCandidates(words, names)])].slice(0, 5);
  }

  /** The longest guide-only command at the start of the words. */
  private usageMatch(words: string[]): { record: CliUsageInfo; length: number } | undefined {
    for (let length = words.length; length >= 2; length--) {
      const record = this.usageByCommand.get(words.slice(0, length).join(' '));
      if (record && this.usageOnly.includes(record)) return { record, length };
    }
    return undefined;
  }

  /**
   * The words as a group known only through its subcommands (`prefect cloud` docs-only), when no
   * command matched as much. Such a group takes no arguments: a word after it is an unknown subcommand
   * (`prefect cloud logout`), answered as unknown with the group's commands first among the candidates.
   */
  private groupMatch(words: string[], matched: number): { command: string; subcommands: CliSubcommandView[] } | undefined {
    if (words.length <= matched) return undefined;
    const command = words.join(' ');
    const subcommands = this.subcommandsOf(command);
    return subcommands.length ? { command, subcommands } : undefined;
  }

  /**
   * A group's subcommands from every source, each marked by all that know it: the installed tree,
   * reference pages (the installed prefect's lacking ones too), and the guides' example lines (docs-only,
   * the commands they run are subcommands too; the installed tree is complete, so with it they only mark).
   * One code path for every group: installed, documented, guide-only or known only through its subcommands.
   */
  private subcommandsOf(group: string): CliSubcommandView[] {
    const depth = group.split(' ').length + 1;
    const byCommand = new Map<string, CliSubcommandView>();
    for (const command of this.installed ?? []) {
      if (command.hidden || !command.path.startsWith(`${group} `) || command.path.split(' ').length !== depth) continue;
      const docs = this.docsFor(command);
      byCommand.set(command.path, { command: command.path, description: firstLine(command.help || docs?.description || ''), sources: docs ? ['installed', 'docs'] : ['installed'] });
    }
    for (const docs of this.catalog.subcommands(group)) {
      if (docs.aliasOf || byCommand.has(docs.command) || this.installedByPath.has(docs.command)) continue;
      byCommand.set(docs.command, { command: docs.command, description: firstLine(docs.description), sources: ['docs'] });
    }
    if (!this.installed) for (const sub of guideSubcommands(group, this.usageOnly)) if (!byCommand.has(sub.command)) byCommand.set(sub.command, sub);
    for (const sub of byCommand.values()) {
      if (sub.sources.includes('docs-usage')) continue;
      if ([...this.usageByCommand.keys()].some((command) => command === sub.command || command.startsWith(`${sub.command} `))) sub.sources.push('docs-usage');
    }
    return [...byCommand.values()];
  }

  private usageView(record: CliUsageInfo): CliCommandView {
    return usageView(record, this.subcommandsOf(record.command), this.installed !== undefined);
  }

  private docsFor(command: InstalledCommand): CliCommandInfo | undefined {
    for (const path of [command.path, ...command.aliases]) {
      const docs = this.catalog.exact(path);
      if (docs) return docs.aliasOf ? (this.catalog.exact(docs.aliasOf) ?? docs) : docs;
    }
    return undefined;
  }

  private rootView(): CliCommandView {
    const source: CliSource = this.installed ? 'installed' : 'docs';
    return {
      command: 'prefect',
      aliases: [],
      alias_of: null,
      usage: 'prefect [OPTIONS] COMMAND',
      description: ROOT_DESCRIPTION,
      arguments: [],
      options: [],
      examples: [],
      subcommands: this.subcommandsOf('prefect'),
      url: null,
      guide_pages: [],
      hidden: false,
      sources: { structure: source, description: source, examples: null, url: null },
      differences: { options_not_in_docs: [], options_not_installed: [], guide_flags_unknown: [], command_not_installed: false, command_not_in_docs: false },
    };
  }

  private installedView(command: InstalledCommand, typed: string): CliCommandView {
    const docs = this.docsFor(command);
    const docsOptions = (docs?.options ?? []).map((option) => ({ option, names: docsOptionNames(option.name) }));
    const installedNames = new Set(command.options.flatMap((option) => option.names));
    const optionHelp = (option: InstalledParameter) => option.help || docsOptions.find(({ names }) => names.some((name) => option.names.includes(name)))?.option.help || '';
    const view = (parameter: InstalledParameter, inDocs: boolean): CliParameterView => ({
      name: parameter.name,
      names: parameter.names,
      required: parameter.required,
      type: parameter.type || null,
      default: parameter.default === null || parameter.default === undefined ? null : JSON.stringify(parameter.default),
      choices: parameter.choices,
      env_var: parameter.env_var,
      help: optionHelp(parameter),
      source: inDocs ? 'both' : 'installed',
    });
    const options = command.options
      .filter((option) => !option.hidden)
      .map((option) => view(option, docsOptions.some(({ names }) => names.some((name) => option.names.includes(name)))));
    const docsArguments = new Set((docs?.arguments ?? []).map((argument) => argument.name.toUpperCase()));
    const args = command.arguments
      .filter((argument) => !argument.hidden)
      .map((argument) => ({ ...view(argument, docsArguments.has(argument.name.toUpperCase())), help: argument.help || docs?.arguments.find((a) => a.name.toUpperCase() === argument.name.toUpperCase())?.help || '' }));
    const subcommands = this.subcommandsOf(command.path);
    const description = docs?.description && docs.description.length >= command.help.length ? docs.description : command.help;
    const usage = [command.path, ...command.aliases].map((path) => this.usageByCommand.get(path)).find(Boolean);
    // No reference page: the guides' example lines and their page stand in for the reference's.
    const guideExamples = !docs && usage ? [...new Set(usage.examples.map((example) => example.line))].slice(0, 8) : [];
    return {
      command: command.path,
      aliases: command.aliases,
      alias_of: typed !== command.path ? command.path : null,
      usage: command.usage,
      description,
      arguments: args,
      options,
      examples: docs?.examples ?? guideExamples,
      subcommands,
      url: docs?.url ?? (usage ? (usagePages(usage)[0] ?? null) : null),
      guide_pages: usage ? usagePages(usage) : [],
      hidden: command.hidden,
      sources: {
        structure: 'installed',
        description: description === command.help ? 'installed' : 'docs',
        examples: docs?.examples.length ? 'docs' : guideExamples.length ? 'docs-usage' : null,
        url: docs ? 'docs' : usage ? 'docs-usage' : null,
      },
      differences: {
        options_not_in_docs: docs ? options.filter((option) => option.source === 'installed').map((option) => option.name) : [],
        options_not_installed: docsOptions.filter(({ names }) => !names.some((name) => installedNames.has(name))).map(({ option }) => option.name),
        guide_flags_unknown: guideFlagsUnknown(usage, [...installedNames]),
        command_not_installed: false,
        command_not_in_docs: !docs,
      },
    };
  }

  private docsView(info: CliCommandInfo): CliCommandView {
    const original = info.aliasOf ? this.catalog.exact(info.aliasOf) : undefined;
    const usage = this.usageByCommand.get(info.command);
    return {
      command: info.command,
      aliases: this.catalog.all().filter((other) => other.aliasOf === info.command).map((other) => other.command),
      alias_of: info.aliasOf,
      usage: info.usage,
      description: info.description,
      arguments: info.arguments.map((argument) => ({ name: argument.name, names: [], required: argument.required, type: null, default: null, choices: [], env_var: [], help: argument.help, source: 'docs' as const })),
      options: info.options.map((option) => ({
        name: docsOptionNames(option.name)[0] ?? option.name,
        names: docsOptionNames(option.name),
        // Required when the page marks it so, or when the usage line shows it outside brackets; the
        // reference pages of 3.8 mark none, so otherwise unknown (null), not "optional".
        required: option.required || requiredInUsage(info.usage, docsOptionNames(option.name)) || null,
        type: null,
        default: null,
        choices: [],
        env_var: [],
        help: option.help,
        source: 'docs' as const,
      })),
      examples: info.examples.length ? info.examples : (original?.examples ?? []),
      subcommands: this.subcommandsOf(info.command),
      url: info.url,
      guide_pages: usage ? usagePages(usage) : [],
      hidden: false,
      sources: { structure: 'docs', description: 'docs', examples: info.examples.length ? 'docs' : null, url: 'docs' },
      differences: {
        options_not_in_docs: [],
        options_not_installed: [],
        guide_flags_unknown: guideFlagsUnknown(usage, info.options.flatMap((option) => docsOptionNames(option.name))),
        command_not_installed: this.installed !== undefined,
        command_not_in_docs: false,
      },
    };
  }
}

/**
 * How people say CLI verbs vs how the `prefect` commands spell them (`ls`, `use`, `inspect`, `logout`):
 * a task's words gain the CLI's spelling as extra, lower-weighted search terms.
 */
const CLI_VERBS: Array<[RegExp, string]> = [
  [/\b(switch|change) (to|between)\b|\bactivate\b|\bmake .* active\b/, 'use'],
  [/\b(show|display|see|view|print|describe|details?)\b/, 'view inspect ls'],
  [/\blist\b|\ball (the )?\w+s\b|\benumerate\b/, 'ls'],
  [/\b(remove|drop|erase|destroy)\b/, 'delete'],
  [/\b(log|sign) ?out\b/, 'logout'],
  [/\b(log|sign) ?in\b|\bauthenticate\b/, 'login'],
  [/\b(turn off|switch off|deactivate|stop)\b/, 'disable pause stop'],
  [/\b(turn on|switch on|reactivate)\b/, 'enable resume'],
  [/\b(trigger|kick off|launch)\b/, 'run start'],
  [/\b(modify|change|edit)\b/, 'update set'],
];

function cliVerbExpansion(query: string): string {
  return CLI_VERBS.filter(([pattern]) => pattern.test(query))
    .map(([, words]) => words)
    .join(' ');
}

/** '--services/--no-services' → ['--services', '--no-services']; '--name, -n' → both. */
export function docsOptionNames(name: string): string[] {
  return name
    .split(/[/,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.startsWith('-'));
}

function requiredInUsage(usage: string, names: string[]): boolean {
  const outsideBrackets = usage.replace(/\[[^\]]*\]/g, ' ');
  return names.some((name) => new RegExp(`(^|\\s)${name.replace(/[-]/g, '\\-')}(\\s|=|$)`).test(outsideBrackets));
}

function firstLine(text: string): string {
  return text.split('\n')[0]?.trim() ?? '';
}

/** The Prefect versions an answer is based on. */
export function cliVersions(installed: InstalledCli | undefined, docsRelease: string | null, docsBuiltAt: string | null): CliVersions {
  const state = installed?.state();
  const installedStatus = !installed
    ? 'no prefect executable found (PATH, the active virtualenv, PREFECT_MCP_PREFECT_BIN): answers come from the docs only'
    : state!.state === 'ready'
      ? `prefect ${state!.version} at ${installed.bin}`
      : state!.state === 'introspecting'
        ? `reading the installed prefect's commands (${installed.bin}) in the background: this answer comes from the docs only`
        : state!.state === 'failed'
          ? `reading the installed prefect failed (${state!.reason}): answers come from the docs only`
          : state!.reason;
  return { installed: installed?.version() ?? null, installed_status: installedStatus, docs: docsRelease, docs_built_at: docsBuiltAt };
}
