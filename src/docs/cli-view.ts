/** The shape of one command's answer (get_cli_help, search_cli, the prefect-cli:// resources), from whichever source knows it. */

/** `docs-usage`: no reference page; inferred from the guides' example command lines (src/docs/cli-usage.ts). */
export type CliSource = 'installed' | 'docs' | 'docs-usage';

export interface CliParameterView {
  /** `--name` for an option, `NAME` for a positional argument. */
  name: string;
  /** Every flag name it answers to (long, short, negative, alternates); empty for a docs-only argument. */
  names: string[];
  /** null when only the docs describe it and they do not say. */
  required: boolean | null;
  type: string | null;
  default: string | null;
  choices: string[];
  env_var: string[];
  help: string;
  /** Where this parameter is known from. */
  source: CliSource | 'both';
}

/** A group's subcommand and every source that knows it (`docs-usage`: the guides run it or a command under it). */
export interface CliSubcommandView {
  command: string;
  description: string;
  sources: CliSource[];
}

export interface CliCommandView {
  command: string;
  aliases: string[];
  /** The real name, when an alias was asked for. */
  alias_of: string | null;
  usage: string;
  description: string;
  arguments: CliParameterView[];
  options: CliParameterView[];
  examples: string[];
  subcommands: CliSubcommandView[];
  url: string | null;
  /** Guide pages whose shell examples run this command. */
  guide_pages: string[];
  hidden: boolean;
  sources: { structure: CliSource; description: CliSource; examples: 'docs' | 'docs-usage' | null; url: 'docs' | 'docs-usage' | null };
  /** Where the installed CLI and the docs disagree (empty lists when only one source knows the command). */
  differences: {
    /** Options your installed prefect has that the docs do not list. */
    options_not_in_docs: string[];
    /** Options the docs list that your installed prefect does not have. */
    options_not_installed: string[];
    /** Flags the guides' examples use with this command that its structure (installed or reference) does not list. */
    guide_flags_unknown: string[];
    /** The docs document this command but the installed version lacks it (newer, or removed). */
    command_not_installed: boolean;
    /** The installed version has this command but the docs have no reference for it. */
    command_not_in_docs: boolean;
  };
}
