/**
 * The docs-only CLI structure from the reference pages: required options where a page marks them,
 * and which of two pages documenting the same tree (events.mdx / event.mdx) is the real command and
 * which the alias. Pages go through the real MDX renderer, as the indexer runs it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliModuleGroups, CLI_MODULE_PREFIX, extractCliCommands, markAliases, type CliPage } from '../../index-builder/cli-extract.js';
import { renderMdx } from '../../index-builder/mdx/render.js';
import { CliCatalog } from '../../src/docs/cli-catalog.js';
import { CliKnowledge } from '../../src/docs/cli-knowledge.js';

const noSnippets = { load: () => undefined, variable: () => undefined };

/** A reference page as Prefect's generator writes it (see ../shared/prefect-docs/v3/api-ref/cli/events.mdx). */
function referencePage(group: string, options: { hidden?: boolean; requiredLimit?: boolean } = {}): CliPage {
  const mdx = `# \`prefect ${group}\`

\`\`\`command
prefect ${group} [OPTIONS] COMMAND [ARGS]...
\`\`\`

<Info>
Stream and emit events.
</Info>

## \`prefect ${group} emit\`

\`\`\`command
prefect ${group} emit [OPTIONS] EVENT
\`\`\`

<Info>
Emit a single event to Prefect.
</Info>

<AccordionGroup>
<Accordion title="Arguments" defaultOpen>
<ResponseField name="EVENT" type="string" required>
    The name of the event.
</ResponseField>
</Accordion>
<Accordion title="Options" defaultOpen>
<ResponseField name="--limit"${options.requiredLimit ? ' required' : ''}>
    How many to emit.
</ResponseField>
<ResponseField name="--resource-id">
    The resource ID.
</ResponseField>
</Accordion>
</AccordionGroup>
`;
  const path = `/v3/api-ref/cli/${group}`;
  return { path, url: `https://docs.prefect.io${path}`, hidden: options.hidden ?? false, markdown: renderMdx(mdx, { snippets: noSnippets }).markdown };
}

const extracted = (page: CliPage) => ({ page, commands: extractCliCommands(page) });

describe('CLI reference extraction (docs-only structure)', () => {
  it('keeps an option required when its page marks it, and not otherwise', () => {
    const [, emit] = extractCliCommands(referencePage('events', { requiredLimit: true }));
    assert.equal(emit!.command, 'prefect events emit');
    assert.deepEqual(emit!.options.map((option) => [option.name, option.required]), [['--limit', true], ['--resource-id', false]]);
    assert.deepEqual(emit!.arguments.map((argument) => [argument.name, argument.required]), [['EVENT', true]]);
    const [, plain] = extractCliCommands(referencePage('events'));
    assert.equal(plain!.options[0]!.required, false);
  });

  it('the page named after a CLI module is the real command, even when the sidebar lists the other', () => {
    const groups = cliModuleGroups([`${CLI_MODULE_PREFIX}events`, `${CLI_MODULE_PREFIX}global_concurrency_limit`, `${CLI_MODULE_PREFIX}deploy-__init__`, `${CLI_MODULE_PREFIX}cloud-webhook`, '/v3/api-ref/python/prefect-flows']);
    assert.deepEqual([...groups].sort(), ['deploy', 'events', 'global-concurrency-limit']);
    const event = extracted(referencePage('event'));
    const events = extracted(referencePage('events', { hidden: true }));
    markAliases([event, events], groups);
    assert.deepEqual(events.commands.map((c) => c.aliasOf), [null, null]);
    assert.deepEqual(event.commands.map((c) => c.aliasOf), ['prefect events', 'prefect events emit']);
  });

  it('without a module page, the page in the sidebar is the real command, then the shorter name', () => {
    const event = extracted(referencePage('event'));
    const events = extracted(referencePage('events', { hidden: true }));
    markAliases([events, event]);
    assert.deepEqual(event.commands.map((c) => c.aliasOf), [null, null]);
    assert.deepEqual(events.commands.map((c) => c.aliasOf), ['prefect event', 'prefect event emit']);

    const block = extracted(referencePage('block'));
    const blocks = extracted(referencePage('blocks'));
    markAliases([blocks, block]);
    assert.equal(block.commands[0]!.aliasOf, null);
    assert.equal(blocks.commands[0]!.aliasOf, 'prefect block');
  });

  it('docs-only answers: the required mark and the alias direction reach get_cli_help\'s view and the ranking', () => {
    const event = extracted(referencePage('event', { requiredLimit: true }));
    const events = extracted(referencePage('events', { hidden: true, requiredLimit: true }));
    markAliases([event, events], new Set(['events']));
    const catalog = new CliCatalog([...event.commands, ...events.commands], (path) => path === events.page.path);
    const knowledge = new CliKnowledge(catalog, undefined, { installed: null, installed_status: 'none', docs: null, docs_built_at: null });

    const asked = knowledge.resolve('event emit');
    assert.equal(asked.kind, 'command');
    const alias = asked.kind === 'command' ? asked.view : undefined;
    assert.equal(alias?.alias_of, 'prefect events emit');

    const real = knowledge.resolve('prefect events emit');
    const view = real.kind === 'command' ? real.view : undefined;
    assert.deepEqual(view?.aliases, ['prefect event emit']);
    assert.deepEqual(view?.options.map((option) => [option.name, option.required]), [['--limit', true], ['--resource-id', null]]);
    // The real name is ranked, its alias copy is not.
    assert.deepEqual(knowledge.search('emit a single event', 5).map((found) => found.command), ['prefect events emit', 'prefect events']);
  });
});
