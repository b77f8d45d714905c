/**
 * HTML content → the markdown the MDX renderer writes (index-builder/sources/html-mdast.ts
 * through mdx/render.ts `serialize`): one expected string per rule, from small literal HTML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHtml } from '../../index-builder/sources/html.js';
import { renderMdx } from '../../index-builder/mdx/render.js';

const NO_SNIPPETS = { snippets: { load: () => undefined, variable: () => undefined } };

function markdownOf(content: string, mapLink?: (url: string) => string): string {
  return extractHtml(`<!DOCTYPE html><html><head><title>T</title></head><body><main><div id="content">${content}</div></main></body></html>`, { mapLink }).markdown;
}

test('text is escaped as the MDX renderer escapes it (an intraword _ is not); emphasis markers and inline code as it writes them', () => {
  const html = '<p>Use <em>this</em> or <strong>that</strong>: a_b * c [x] &lt;tag&gt; and <code>a | b</code>.</p>';
  const expected = 'Use *this* or **that**: a_b \\* c \\[x] \\<tag> and `a | b`.';
  assert.equal(markdownOf(html), expected);
  assert.equal(renderMdx('Use *this* or **that**: a\\_b \\* c \\[x] \\<tag> and `a | b`.', NO_SNIPPETS).markdown, expected);
});

test('soft line breaks in a paragraph stay; <br> is a hard break', () => {
  assert.equal(markdownOf('<p>one line\nnext line<br>\nafter break</p>'), 'one line\nnext line\\\nafter break');
});

test('lists: "-" bullets, tight items without <p>, loose items with <p>, nested lists, an ordered start', () => {
  assert.equal(markdownOf('<ul>\n<li>one\n<ul>\n<li>inner</li>\n</ul>\n</li>\n<li>two</li>\n</ul>'), '- one\n  - inner\n- two');
  assert.equal(markdownOf('<ol start="3">\n<li>\n<p>three</p>\n</li>\n<li>\n<p>four</p>\n</li>\n</ol>'), '3. three\n\n4. four');
  // In a loose list an item's blocks are apart as well.
  assert.equal(markdownOf('<ul>\n<li>\n<p>run:</p>\n<pre><code class="language-bash">prefect version\n</code></pre>\n</li>\n</ul>'), '- run:\n\n  ```bash\n  prefect version\n  ```');
});

test('code blocks: fenced with the language from a class or data-language, blank lines and trailing spaces kept', () => {
  assert.equal(markdownOf('<pre><code class="language-python">x = 1\n\n\n@flow\ndef f(): \n</code></pre>'), '```python\nx = 1\n\n\n@flow\ndef f(): \n```');
  assert.equal(
    markdownOf('<pre class="shiki" data-language="bash"><code><span class="line">pip install prefect</span>\n<span class="line">prefect version</span></code></pre>'),
    '```bash\npip install prefect\nprefect version\n```',
  );
  assert.equal(markdownOf('<pre><code>a ``` b\n</code></pre>'), '````\na ``` b\n````');
});

test('tables keep their alignment and cell content; pipes in cells are escaped', () => {
  const html = '<table><thead><tr><th align="left">Name</th><th align="right">Count</th></tr></thead><tbody><tr><td><code>a|b</code></td><td>2</td></tr></tbody></table>';
  assert.equal(markdownOf(html), '| Name   | Count |\n| :----- | ----: |\n| `a\\|b` |     2 |');
});

test('headings: ATX, the self-link around the text unwrapped, a dropped [source] <sup> leaves the space the MDX renderer keeps', () => {
  assert.equal(markdownOf('<h2 id="retries"><a href="#retries">Retries</a></h2><p>x</p>'), '## Retries\n\nx');
  assert.equal(
    markdownOf('<h3><code>abatch_submit</code> <sup><a href="https://github.com/x">[source]</a></sup></h3>'),
    '### `abatch_submit`&#x20;',
  );
});

test('callouts rendered as quotes keep the label paragraph the MDX renderer writes', () => {
  const expected = '> **Note: Heads up**\n>\n> Text with a [link](/v3/concepts/flows).';
  assert.equal(markdownOf('<blockquote>\n<p><strong>Note: Heads up</strong></p>\n<p>Text with a <a href="/v3/concepts/flows">link</a>.</p>\n</blockquote>'), expected);
  assert.equal(renderMdx('<Note title="Heads up">\nText with a [link](/v3/concepts/flows).\n</Note>', NO_SNIPPETS).markdown, expected);
});

test('links: mapped through the site mapping and written without a trailing slash as in the MDX renderer, title kept, empty links and images dropped, a bare URL as an autolink', () => {
  const html = '<p><a href="/docs/v3/x.md#a" title="X">x</a> <a href="/y"><img src="i.png"></a><a href="https://e.com">https://e.com</a> <a href="/v3/y/#b">y</a></p>';
  const mapLink = (url: string) => url.replace(/^\/docs(\/.*)\.md/, '$1');
  assert.equal(markdownOf(html, mapLink), '[x](/v3/x#a "X") <https://e.com> [y](/v3/y#b)');
});

test('layout wrappers are transparent: inline runs become paragraphs, layout whitespace is dropped, a rule stays', () => {
  assert.equal(markdownOf('<div class="steps">\n  <div>Step <b>one</b>\n  </div>\n  <hr>\n  <section><p>two</p></section>\n</div>'), 'Step **one**\n\n---\n\ntwo');
});

// Mintlify's components as its served pages mark them (`data-component-part` names observed on
// Mintlify sites; no stored copy of docs.prefect.io's HTML shows them): each comes out as the
// MDX renderer writes the same component.
test('a Mintlify callout is the quote the MDX renderer writes for <Warning>; its icon is dropped', () => {
  const html = '<div class="callout my-4" data-callout-type="warning" role="note"><div class="mt-0.5 w-4" data-component-part="callout-icon">!</div><div class="text-sm prose" data-component-part="callout-content"><span data-as="p">Back up the database first.</span></div></div>';
  assert.equal(markdownOf(html), '> **Warning**\n>\n> Back up the database first.');
  assert.equal(renderMdx('<Warning>\nBack up the database first.\n</Warning>', NO_SNIPPETS).markdown, markdownOf(html));
});

test('a Mintlify card is its linked title and its text, as <Card title href> renders', () => {
  const html = '<a class="card block" href="/v3/concepts/flows/"><div data-component-part="card-icon">*</div><div data-component-part="card-content-container"><h2 data-component-part="card-title">Flows</h2><div data-component-part="card-content"><span data-as="p">Learn about flows.</span></div></div></a>';
  assert.equal(markdownOf(html), '[Flows](/v3/concepts/flows): Learn about flows.');
  assert.equal(renderMdx('<Card title="Flows" href="/v3/concepts/flows">\nLearn about flows.\n</Card>', NO_SNIPPETS).markdown, markdownOf(html));
});

test('Mintlify steps and accordions: the title is a bold label, numbers, lines and carets are dropped', () => {
  const steps = '<div role="list"><div role="listitem"><div data-component-part="step-number"><div>1</div></div><div data-component-part="step-line"></div><div><p data-component-part="step-title">Install</p><div data-component-part="step-content"><span data-as="p">Run <code>pip install prefect</code>.</span></div></div></div></div>';
  assert.equal(markdownOf(steps), '**Install**\n\nRun `pip install prefect`.');
  assert.equal(renderMdx('<Steps>\n<Step title="Install">\nRun `pip install prefect`.\n</Step>\n</Steps>', NO_SNIPPETS).markdown, markdownOf(steps));
  const accordion = '<details class="accordion"><summary data-component-part="accordion-button"><div data-component-part="accordion-caret-right">&gt;</div><div data-component-part="accordion-title-container"><p data-component-part="accordion-title">Options</p></div></summary><div data-component-part="accordion-content"><ul><li><code>--name</code>: the name</li></ul></div></details>';
  assert.equal(markdownOf(accordion), '**Options**\n\n- `--name`: the name');
  assert.equal(renderMdx('<Accordion title="Options">\n- `--name`: the name\n</Accordion>', NO_SNIPPETS).markdown, markdownOf(accordion));
});

test('a Mintlify code block: the header file name is the fence meta, as the author wrote it', () => {
  const html = '<div data-component-part="code-block-root"><div data-component-part="code-block-header"><span data-component-part="code-block-header-filename">flow.py</span></div><pre class="shiki" language="python"><code><span class="line">print(1)</span></code></pre></div>';
  assert.equal(markdownOf(html), '```python flow.py\nprint(1)\n```');
  assert.equal(renderMdx('```python flow.py\nprint(1)\n```', NO_SNIPPETS).markdown, markdownOf(html));
});

test('a dropped element (a picture, a footnote mark) inside a link or a span keeps it inline', () => {
  assert.equal(markdownOf('<p>See <a href="/v3/x"><picture></picture>the guide</a> and <span>this<sup>1</sup></span>.</p>'), 'See [the guide](/v3/x) and this.');
});
