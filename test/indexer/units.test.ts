/** Component mapping, chunk bounds and redirect rules on small inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMdx } from '../../index-builder/mdx/render.js';
import { snippetResolver } from '../../index-builder/mdx/snippets.js';
import { analyzeMarkdown, MAX_CHUNK_CHARS } from '../../index-builder/chunk.js';
import { applyRedirect, resolveRedirect } from '../../src/docs-model/redirects.js';
import { CORPUS } from './corpus.js';

const render = (mdx: string) => renderMdx(mdx, { snippets: snippetResolver(CORPUS) }).markdown;

test('components map to markdown a reader would see', () => {
  const markdown = render(`---
title: Sample
---
import { CLI } from "/snippets/resource-management/cli.mdx"

{/* an editor's comment */}

<Tip title="Fast path">
Use &quot;retries&quot; &amp; backoff.
</Tip>

<Tabs>
  <Tab title="Python">
    \`\`\`python
    print("hi")
    \`\`\`
  </Tab>
</Tabs>

<AccordionGroup>
<Accordion title="Options" defaultOpen>
<ResponseField name="--limit" type="integer" required>
    How many.
</ResponseField>
<ResponseField name="--output">
</ResponseField>
</Accordion>
</AccordionGroup>

<CardGroup cols={2}>
<Card title="Flows" icon="play" href="/v3/concepts/flows">Write workflows.</Card>
</CardGroup>

<CLI name="variables" href={variables.cli} />

<Icon icon="github" /> <img src="/x.png" />
`);
  assert.match(markdown, /^> \*\*Tip: Fast path\*\*\n>\n> Use "retries" & backoff\.$/m);
  assert.match(markdown, /^\*\*Python\*\*\n\n```python\nprint\("hi"\)\n```$/m);
  assert.match(markdown, /^\*\*Options\*\*\n\n- `--limit` \(integer, required\): How many\.\n- `--output`$/m);
  assert.match(markdown, /^\[Flows\]\(\/v3\/concepts\/flows\): Write workflows\.$/m);
  assert.match(markdown, /^You can manage variables with the Prefect CLI\.$/m);
  for (const gone of ['import', 'comment', '<Icon', 'x.png', '<Tab', 'CardGroup']) assert.ok(!markdown.includes(gone), gone);
});

test('long sections split at block boundaries and never inside a code fence', () => {
  const code = '```python\n' + Array.from({ length: 300 }, (_, i) => `value_${i} = ${i}`).join('\n') + '\n```';
  const prose = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} explains a detail of the scheduler in plain words.`).join('\n\n');
  const { chunks } = analyzeMarkdown(`Intro text that is long enough to stand on its own as the page preamble chunk.\n\n## Big\n\n${prose}\n\n${code}\n\n${prose}`, 'T');
  const big = chunks.filter((c) => c.anchor === 'big');
  assert.ok(big.length >= 2, `${big.length} parts`);
  assert.ok(big.some((c) => c.markdown.includes(code)), 'the code block stays whole');
  for (const chunk of big) {
    assert.ok(chunk.markdown.length <= MAX_CHUNK_CHARS || chunk.markdown.includes(code));
    assert.equal((chunk.markdown.match(/^```/gm) ?? []).length % 2, 0);
  }
});

test('a heading with nothing under it joins the subsection below; # in code is not a heading', () => {
  const { chunks, headings } = analyzeMarkdown(
    '## Classes\n\n### `Variable`\n\nVariables are named, mutable JSON values shared across tasks and flows in a workspace.\n\n```bash\n# not a heading\n```',
    'variables',
  );
  assert.deepEqual(chunks.map((c) => [c.anchor, c.headingPath]), [['variable', ['variables', 'Classes', 'Variable']]]);
  assert.match(chunks[0]!.markdown, /^## Classes\n\n### `Variable`/);
  assert.deepEqual(headings.map((h) => h.anchor), ['classes', 'variable']);
});

test('redirect wildcards and chains', () => {
  const redirects = [
    { source: '/concepts/:slug*', destination: '/v3/concepts/:slug*' },
    { source: '/v3/old', destination: '/v3/older' },
    { source: '/v3/older', destination: '/v3/new' },
  ];
  assert.equal(applyRedirect('/concepts/flows/x', redirects), '/v3/concepts/flows/x');
  assert.equal(applyRedirect('/concepts', redirects), '/v3/concepts');
  assert.equal(resolveRedirect('/v3/old', redirects, (p) => p === '/v3/new'), '/v3/new');
  assert.equal(resolveRedirect('/v3/old', [...redirects, { source: '/v3/new', destination: '/v3/old' }], () => false), undefined);
});
