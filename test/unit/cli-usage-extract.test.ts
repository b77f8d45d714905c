/**
 * Docs-usage records: the `prefect` commands the guides run in their shell blocks, for commands the
 * CLI reference has no page for (`prefect deploy`, `prefect cloud login`). Guide pages go through the
 * real MDX renderer, as the indexer runs it; the reference tree is a small literal one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectCliUsage, commandPath, extractCliInvocations, prefectInvocations, referenceTree, shellCommandLines, type GuidePage } from '../../index-builder/cli-usage-extract.js';
import { renderMdx } from '../../index-builder/mdx/render.js';
import { CliCatalog } from '../../src/docs/cli-catalog.js';
import { CliKnowledge } from '../../src/docs/cli-knowledge.js';
import type { InstalledCommand } from '../../src/docs/installed-cli.js';
import type { CliCommandInfo } from '../../src/docs-model/schema.js';

const noSnippets = { load: () => undefined, variable: () => undefined };

function reference(command: string, options: string[] = []): CliCommandInfo {
  const words = command.split(' ');
  return {
    command,
    parent: words.length > 2 ? words.slice(0, -1).join(' ') : null,
    usage: `${command} [OPTIONS]`,
    description: `The ${words.at(-1)} command.`,
    arguments: [],
    options: options.map((name) => ({ name, required: false, help: `The ${name} option.` })),
    examples: [],
    url: `https://docs.prefect.io/v3/api-ref/cli/${words[1]}#${words.join('-')}`,
    pagePath: `/v3/api-ref/cli/${words[1]}`,
    aliasOf: null,
  };
}

const REFERENCE = [
  reference('prefect deployment'),
  reference('prefect deployment run', ['--param, -p', '--watch']),
  reference('prefect deployment schedule'),
  reference('prefect deployment schedule pause', ['--all']),
  reference('prefect worker'),
  reference('prefect worker start', ['--pool, -p']),
];
const TREE = referenceTree(REFERENCE);

function guide(path: string, mdx: string): GuidePage {
  return { path, url: `https://docs.prefect.io${path}`, markdown: renderMdx(mdx, { snippets: noSnippets }).markdown };
}

const words = (line: string) => prefectInvocations(line).map((invocation) => invocation.map((word) => word.text));

describe('docs-usage extraction from guide shell blocks', () => {
  it('joins `\\` continuations and keeps only prompted lines when a block uses `$ ` prompts', () => {
    assert.deepEqual(shellCommandLines('prefect deploy \\\n  --all \\\n  --name x\n# a comment\nprefect version', 'bash'), ['prefect deploy --all --name x', 'prefect version']);
    assert.deepEqual(shellCommandLines('$ prefect cloud login\nAuthenticated with Prefect Cloud!\n$ prefect version', 'bash'), ['prefect cloud login', 'prefect version']);
    assert.deepEqual(shellCommandLines('prefect worker start\nprefect deploy', 'console'), []);
    // A quote left open continues on the next lines (a JSON argument), a `#` inside it is no comment.
    assert.deepEqual(shellCommandLines(`prefect deploy --trigger '{\n  "match": {"id": "#1"}\n}'\nprefect version`, 'bash'), [`prefect deploy --trigger '{\n  "match": {"id": "#1"}\n}'`, 'prefect version']);
    assert.deepEqual(words(`prefect deploy --trigger '{\n  "a": 1\n}' -n x`), [['deploy', '--trigger', '{\n  "a": 1\n}', '-n', 'x']]);
  });

  it('finds prefect after env assignments, runners and inside pipelines and chains, never as another command\'s argument', () => {
    assert.deepEqual(words('PREFECT_API_URL=x uv run prefect deploy --all'), [['deploy', '--all']]);
    assert.deepEqual(words('cat flows.txt | prefect deploy && prefect worker start -p "my pool"; echo done'), [['deploy'], ['worker', 'start', '-p', 'my pool']]);
    assert.deepEqual(words('pip install -U prefect'), []);
    assert.deepEqual(words('echo "prefect deploy"'), []);
    assert.deepEqual(words('prefect version # prints the version'), [['version']]);
  });

  it('the path is the longest documented prefix, then command-like words up to the reference\'s depth', () => {
    const path = (line: string) => commandPath(prefectInvocations(line)[0]!, TREE).join(' ');
    assert.equal(path('prefect deployment run my-flow/my-deployment --watch'), 'prefect deployment run');
    // A documented leaf takes arguments, even command-like ones.
    assert.equal(path('prefect deployment run nightly'), 'prefect deployment run');
    assert.equal(path('prefect deployment schedule pause --all'), 'prefect deployment schedule pause');
    assert.equal(path('prefect cloud workspace set --workspace "prefect/my-workspace"'), 'prefect cloud workspace set');
    assert.equal(path('prefect deploy flows/etl.py:main -n nightly'), 'prefect deploy');
    assert.equal(path('prefect cloud webhook create your-webhook-name --template x'), 'prefect cloud webhook create');
    // Quoted words and placeholders are arguments, not subcommands.
    assert.equal(path('prefect cloud ip-allowlist add "192.168.1.0/24"'), 'prefect cloud ip-allowlist add');
    assert.equal(path('prefect cloud ip-allowlist add <your-ip-address>'), 'prefect cloud ip-allowlist add');
    // No deeper than the deepest documented command (4 words here).
    assert.equal(path('prefect cloud webhook create extra words'), 'prefect cloud webhook create');
  });

  it('records flags (`--key=x` as `--key`), examples, pages with the heading anchor and the sentence before; non-shell fences are ignored', () => {
    const page = guide(
      '/v3/how-to-guides/cloud/connect',
      `# Connect

## Log in from CI

Supply both \`--key\` and \`--workspace\`:

\`\`\`bash
prefect cloud login --key="$PREFECT_API_KEY" \\
  -w "prefect/my-workspace"
\`\`\`

\`\`\`python
# prefect deploy --all
import subprocess; subprocess.run(["prefect", "deploy"])
\`\`\`

\`\`\`yaml
command: prefect deploy --all
\`\`\`

\`\`\`console
$ prefect deployment run my-flow/nightly --param x=1 --timeout 5
Created flow run 'prefect deploy --all'.
\`\`\`
`,
    );
    const invocations = extractCliInvocations(page, TREE);
    assert.deepEqual(
      invocations.map(({ command, flags }) => [command, flags]),
      [
        ['prefect cloud login', ['--key', '-w']],
        ['prefect deployment run', ['--param', '--timeout']],
      ],
    );
    assert.deepEqual(invocations[0]!.example, {
      line: 'prefect cloud login --key="$PREFECT_API_KEY" -w "prefect/my-workspace"',
      url: 'https://docs.prefect.io/v3/how-to-guides/cloud/connect#log-in-from-ci',
      pagePath: '/v3/how-to-guides/cloud/connect',
      context: 'Log in from CI: Supply both --key and --workspace:',
    });

    const usage = collectCliUsage([...invocations, ...extractCliInvocations(guide('/v3/deploy', '```sh\nprefect cloud login -k abc\n```\n'), TREE)], TREE);
    assert.deepEqual(
      usage.map(({ command, flags, documented, examples }) => [command, flags, documented, examples.map((example) => example.pagePath)]),
      [
        ['prefect cloud login', ['--key', '-w', '-k'], false, ['/v3/how-to-guides/cloud/connect', '/v3/deploy']],
        ['prefect deployment run', ['--param', '--timeout'], true, ['/v3/how-to-guides/cloud/connect']],
      ],
    );
  });
});

describe('docs-usage records in docs-only answers', () => {
  const pages = [
    guide('/v3/how-to-guides/deployments/prefect-yaml', '## Deploy every deployment\n\nTo deploy all deployments in prefect.yaml at once:\n\n```bash\nprefect cloud login\nprefect deploy --all\nprefect deployment run my-flow/x --watch --timeout 9\n```\n'),
    guide('/v3/how-to-guides/cloud/connect', '## Log into Prefect Cloud from a terminal\n\nLog in with an API key:\n\n```bash\nprefect cloud login --key "<API-KEY>"\n```\n\n## Change workspaces\n\n```bash\nprefect cloud login -w "a/b"\n```\n'),
  ];
  const usage = collectCliUsage(pages.flatMap((page) => extractCliInvocations(page, TREE)), TREE);
  const knowledge = new CliKnowledge(new CliCatalog(REFERENCE), undefined, { installed: null, installed_status: 'none', docs: null, docs_built_at: null }, usage);

  it('get_cli_help answers a guide-only command with its examples and pages, marked as inferred', () => {
    const resolved = knowledge.resolve('prefect deploy --all');
    assert.equal(resolved.kind, 'command');
    const view = resolved.kind === 'command' ? resolved.view : undefined;
    assert.equal(view?.command, 'prefect deploy');
    assert.equal(view?.sources.structure, 'docs-usage');
    assert.equal(view?.usage, '');
    assert.deepEqual(view?.examples, ['prefect deploy --all']);
    assert.deepEqual(view?.options.map((option) => [option.name, option.required, option.source]), [['--all', null, 'docs-usage']]);
    assert.deepEqual(view?.guide_pages, ['https://docs.prefect.io/v3/how-to-guides/deployments/prefect-yaml#deploy-every-deployment']);
    assert.match(view?.description ?? '', /No CLI reference page/);
  });

  it('the page with the most examples of a command comes first, and is its url', () => {
    const resolved = knowledge.resolve('cloud login');
    const view = resolved.kind === 'command' ? resolved.view : undefined;
    assert.deepEqual(view?.guide_pages, [
      'https://docs.prefect.io/v3/how-to-guides/cloud/connect#log-into-prefect-cloud-from-a-terminal',
      'https://docs.prefect.io/v3/how-to-guides/cloud/connect#change-workspaces',
      'https://docs.prefect.io/v3/how-to-guides/deployments/prefect-yaml#deploy-every-deployment',
    ]);
    assert.equal(view?.url, view?.guide_pages[0]);
    assert.deepEqual(view?.options.map((option) => option.name), ['--key', '-w']);
  });

  it('a flag the guides use but the reference lacks is a difference, not a documented option', () => {
    const resolved = knowledge.resolve('prefect deployment run');
    const view = resolved.kind === 'command' ? resolved.view : undefined;
    assert.equal(view?.sources.structure, 'docs');
    assert.deepEqual(view?.options.map((option) => option.name), ['--param', '--watch']);
    assert.deepEqual(view?.differences.guide_flags_unknown, ['--timeout']);
  });

  it('search_cli ranks guide-only commands by the heading and sentence around their examples', () => {
    assert.equal(knowledge.search('deploy all deployments in prefect.yaml', 3)[0]?.command, 'prefect deploy');
    assert.equal(knowledge.search('log into Prefect Cloud with an API key', 3)[0]?.command, 'prefect cloud login');
  });

  it('a command neither the reference nor the guides show stays unknown, with name-alike candidates only', () => {
    const resolved = knowledge.resolve('prefect cloud logout');
    assert.equal(resolved.kind, 'unknown');
    assert.deepEqual(resolved.kind === 'unknown' ? resolved.candidates : [], ['prefect cloud login']);
  });
});

describe('a group is answered as a group, its subcommands marked by source', () => {
  const pages = [
    guide('/v3/how-to-guides/cloud/connect', '## Log in\n\n```bash\nprefect cloud login --key "<API-KEY>"\nprefect cloud workspace set --workspace "a/b"\nprefect cloud workspace ls\nprefect deployment run my-flow/x\n```\n'),
  ];
  const usage = collectCliUsage(pages.flatMap((page) => extractCliInvocations(page, TREE)), TREE);
  const versions = { installed: null, installed_status: 'none', docs: null, docs_built_at: null };
  const docsOnly = new CliKnowledge(new CliCatalog(REFERENCE), undefined, versions, usage);
  const view = (knowledge: CliKnowledge, command: string) => {
    const resolved = knowledge.resolve(command);
    assert.equal(resolved.kind, 'command', `${command} resolves`);
    return resolved.kind === 'command' ? resolved : undefined;
  };
  const marked = (subcommands: Array<{ command: string; sources: string[] }> | undefined) => subcommands?.map((sub) => [sub.command, sub.sources]);

  it('docs-only, a group with no record of its own lists the guides\' commands under it, deeper ones through the group between', () => {
    const cloud = view(docsOnly, 'prefect cloud');
    assert.deepEqual(cloud?.rest, []);
    assert.equal(cloud?.view.command, 'prefect cloud');
    assert.equal(cloud?.view.sources.structure, 'docs-usage');
    assert.equal(cloud?.view.usage, '', 'no usage line is made up');
    assert.deepEqual(marked(cloud?.view.subcommands), [['prefect cloud login', ['docs-usage']], ['prefect cloud workspace', ['docs-usage']]]);
    assert.match(cloud?.view.subcommands[1]?.description ?? '', /as ls, set/);
    assert.deepEqual(cloud?.view.guide_pages, ['https://docs.prefect.io/v3/how-to-guides/cloud/connect#log-in']);
    assert.deepEqual(marked(view(docsOnly, 'cloud workspace')?.view.subcommands), [['prefect cloud workspace ls', ['docs-usage']], ['prefect cloud workspace set', ['docs-usage']]]);
  });

  it('docs-only, a documented group marks the subcommands the guides run too', () => {
    assert.deepEqual(marked(view(docsOnly, 'prefect deployment')?.view.subcommands), [['prefect deployment run', ['docs', 'docs-usage']], ['prefect deployment schedule', ['docs']]]);
    const root = view(docsOnly, 'prefect')?.view.subcommands ?? [];
    assert.deepEqual(root.find((sub) => sub.command === 'prefect cloud')?.sources, ['docs-usage']);
    assert.deepEqual(root.find((sub) => sub.command === 'prefect worker')?.sources, ['docs']);
  });

  it('a word after a group known only through its subcommands is an unknown subcommand, not an ignored argument', () => {
    const resolved = docsOnly.resolve('prefect cloud workspace switch');
    assert.equal(resolved.kind, 'unknown');
    assert.deepEqual(resolved.kind === 'unknown' ? resolved.candidates : [], ['prefect cloud workspace set']);
  });

  it('with an installed prefect, the same listing: its tree, marked where the reference or the guides know a subcommand too', () => {
    const command = (path: string, group = false): InstalledCommand => ({ path, aliases: [], hidden: false, group, runnable: !group, help: `The ${path.split(' ').at(-1)} command.`, usage: `${path} [OPTIONS]`, arguments: [], options: [] });
    const tree = [command('prefect cloud', true), command('prefect cloud login'), command('prefect cloud logout'), command('prefect cloud workspace', true), command('prefect cloud workspace set'), command('prefect deployment', true), command('prefect deployment run')];
    const installed = new CliKnowledge(new CliCatalog(REFERENCE), tree, { ...versions, installed: '3.9.0' }, usage);
    const cloud = view(installed, 'prefect cloud');
    assert.equal(cloud?.view.sources.structure, 'installed');
    assert.deepEqual(marked(cloud?.view.subcommands), [
      ['prefect cloud login', ['installed', 'docs-usage']],
      ['prefect cloud logout', ['installed']],
      ['prefect cloud workspace', ['installed', 'docs-usage']],
    ]);
    // The reference documents `deployment schedule`; this installed version lacks it.
    assert.deepEqual(marked(view(installed, 'prefect deployment')?.view.subcommands), [
      ['prefect deployment run', ['installed', 'docs', 'docs-usage']],
      ['prefect deployment schedule', ['docs']],
    ]);
  });
});
