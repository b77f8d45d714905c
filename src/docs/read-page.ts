/**
 * A page (or one section of it) as the assistant reads it: markdown cut to a size, with a
 * short table of contents and where to continue.
 */
import GithubSlugger from 'github-slugger';
import type { PageHeading } from '../docs-model/schema.js';

/** The markdown from the heading matching `section` (anchor or heading text) to the next heading of the same or higher level. */
export function extractSection(markdown: string, headings: PageHeading[], section: string): { heading: PageHeading; markdown: string } | undefined {
  const wanted = section.replace(/^#/, '').trim().toLowerCase();
  const slug = new GithubSlugger().slug(wanted);
  const heading =
    headings.find((h) => h.anchor === wanted) ?? headings.find((h) => h.text.toLowerCase() === wanted) ?? headings.find((h) => h.anchor === slug);
  if (!heading) return undefined;
  const occurrence = headings.filter((h) => h.text === heading.text && h.depth === heading.depth).indexOf(heading);
  const lines = markdown.split('\n');
  let inFence = false;
  let start = -1;
  let seen = 0;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const atx = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!atx) continue;
    const depth = atx[1]!.length;
    if (start < 0) {
      if (depth === heading.depth && plain(atx[2]!) === heading.text && seen++ === occurrence) start = i;
    } else if (depth <= heading.depth) {
      end = i;
      break;
    }
  }
  if (start < 0) return undefined;
  return { heading, markdown: lines.slice(start, end).join('\n').trim() };
}

function plain(headingMarkdown: string): string {
  return headingMarkdown.replace(/`|\*\*|__/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim();
}

/** Cuts at a paragraph or line break near maxChars, so a reader never gets half a line. */
export function cutAt(markdown: string, offset: number, maxChars: number): { text: string; next: number | null } {
  const rest = markdown.slice(offset);
  if (rest.length <= maxChars) return { text: rest, next: null };
  const window = rest.slice(0, maxChars);
  const paragraph = window.lastIndexOf('\n\n');
  const line = window.lastIndexOf('\n');
  const cut = paragraph > maxChars * 0.6 ? paragraph : line > maxChars * 0.6 ? line : maxChars;
  return { text: rest.slice(0, cut).trimEnd(), next: offset + cut };
}

/** h2 and h3 only: enough to navigate without repeating the page. */
export function tableOfContents(headings: PageHeading[], max = 40): PageHeading[] {
  return headings.filter((h) => h.depth === 2 || h.depth === 3).slice(0, max);
}
