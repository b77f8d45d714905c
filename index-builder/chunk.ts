/**
 * Splits a page's markdown into search chunks at h2/h3, keeping the anchor the live site
 * gives each heading so a chunk can be cited as url#anchor.
 *
 * The input is markdown we produced (the mdast serializer, for MDX and HTML pages alike), with
 * ATX headings and fenced code, so a line scanner that tracks fences is exact here; running a
 * full parser again per page would double the build time for the same result.
 */
import GithubSlugger from 'github-slugger';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString } from 'mdast-util-to-string';
import type { PageHeading } from '../src/docs-model/schema.js';

export interface Chunk {
  ord: number;
  anchor: string;
  heading: string;
  /** Page title, then the h2 and h3 above (and including) this chunk. */
  headingPath: string[];
  markdown: string;
}

/** A section longer than this is split at block boundaries (never inside a code fence). */
export const MAX_CHUNK_CHARS = 4000;
/** A section with less text than this under its heading is merged into a neighbour. */
export const MIN_CHUNK_CHARS = 80;

interface Line {
  text: string;
  inFence: boolean;
  heading?: PageHeading;
}

export function analyzeMarkdown(markdown: string, title: string): { headings: PageHeading[]; chunks: Chunk[] } {
  const lines = scan(markdown);
  const headings = lines.flatMap((line) => (line.heading ? [line.heading] : []));
  return { headings, chunks: mergeTiny(split(sections(lines, title))) };
}

function scan(markdown: string): Line[] {
  const slugger = new GithubSlugger();
  let fence: { char: string; length: number } | undefined;
  return markdown.split('\n').map((text) => {
    const marker = /^(?:\s*>)*\s*(`{3,}|~{3,})(.*)$/.exec(text);
    if (fence) {
      if (marker && marker[1]![0] === fence.char && marker[1]!.length >= fence.length && marker[2]!.trim() === '') fence = undefined;
      return { text, inFence: true };
    }
    if (marker && !(marker[1]![0] === '`' && marker[2]!.includes('`'))) {
      fence = { char: marker[1]![0]!, length: marker[1]!.length };
      return { text, inFence: true };
    }
    const atx = /^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(text);
    if (!atx) return { text, inFence: false };
    const headingText = inlineText(atx[2]!);
    return { text, inFence: false, heading: { depth: atx[1]!.length, text: headingText, anchor: slugger.slug(headingText) } };
  });
}

/** The text a reader sees in a heading: markup only goes through a parser when present. */
export function inlineText(markdown: string): string {
  if (!/[`*_\\[<&]/.test(markdown)) return markdown.trim();
  // Code-span-only headings (the CLI and Python references) are most of them.
  if (/^`[^`]+`(?: `[^`]+`)*$/.test(markdown.trim())) return markdown.replace(/`/g, '').trim();
  return toString(fromMarkdown(markdown)).trim();
}

function sections(lines: Line[], title: string): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { ord: 0, anchor: '', heading: '', headingPath: [title], markdown: '' };
  let h2: string | undefined;
  const body: string[] = [];
  const flush = () => {
    current.markdown = body.join('\n').trim();
    if (current.markdown) chunks.push(current);
    body.length = 0;
  };
  for (const line of lines) {
    const heading = line.heading;
    if (heading && (heading.depth === 2 || heading.depth === 3)) {
      flush();
      if (heading.depth === 2) h2 = heading.text;
      const path = heading.depth === 2 || h2 === undefined ? [title, heading.text] : [title, h2, heading.text];
      current = { ord: 0, anchor: heading.anchor, heading: heading.text, headingPath: path, markdown: '' };
    }
    body.push(line.text);
  }
  flush();
  return chunks;
}

/** Blocks are separated by blank lines; a fenced code block is one block however long. */
function blocks(markdown: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const line of scan(markdown)) {
    if (!line.inFence && line.text.trim() === '' && current.length > 0) {
      out.push(current.join('\n'));
      current = [];
    } else if (line.text.trim() !== '' || line.inFence) current.push(line.text);
  }
  if (current.length > 0) out.push(current.join('\n'));
  return out;
}

function split(chunks: Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  for (const chunk of chunks) {
    if (chunk.markdown.length <= MAX_CHUNK_CHARS) {
      out.push(chunk);
      continue;
    }
    let part: string[] = [];
    let size = 0;
    for (const block of blocks(chunk.markdown)) {
      if (size > 0 && size + block.length > MAX_CHUNK_CHARS) {
        out.push({ ...chunk, markdown: part.join('\n\n') });
        part = [];
        size = 0;
      }
      part.push(block);
      size += block.length + 2;
    }
    if (part.length > 0) out.push({ ...chunk, markdown: part.join('\n\n') });
  }
  return out;
}

function bodyLength(chunk: Chunk): number {
  const body = chunk.heading ? chunk.markdown.replace(/^#{1,6}[^\n]*\n?/, '') : chunk.markdown;
  return body.trim().length;
}

/**
 * A heading with almost nothing under it ('## Classes' right before '### Variable') is not
 * worth a search hit of its own: it joins the subsection below it, or else the one before.
 */
function mergeTiny(chunks: Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  let carry: string | undefined;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = { ...chunks[i]! };
    if (carry) {
      chunk.markdown = `${carry}\n\n${chunk.markdown}`;
      carry = undefined;
    }
    const next = chunks[i + 1];
    if (bodyLength(chunk) < MIN_CHUNK_CHARS && chunk.markdown.length < MAX_CHUNK_CHARS) {
      const nextIsChild = next && next.headingPath.length > chunk.headingPath.length && chunk.anchor !== '';
      const previous = out[out.length - 1];
      if (nextIsChild) {
        carry = chunk.markdown;
        continue;
      }
      if (previous && chunk.anchor !== previous.anchor) {
        previous.markdown = `${previous.markdown}\n\n${chunk.markdown}`;
        continue;
      }
    }
    out.push(chunk);
  }
  return out.map((chunk, ord) => ({ ...chunk, ord }));
}
