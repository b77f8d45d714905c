/** Short plain-text excerpts around the words a search matched. */
import { processTerm } from './search-index.js';

export const SNIPPET_CHARS = 300;

/** Markdown as a reader would skim it: no heading marks, link targets, emphasis or tags. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, '')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s*>\s?/gm, '')
    .replace(/[*_]{1,3}([^*_\n]+)[*_]{1,3}/g, '$1')
    .replace(/`/g, '')
    .replace(/^\s*\|?[-:| ]+\|?\s*$/gm, '')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The window of about SNIPPET_CHARS that covers the most distinct query terms, cut at
 * word boundaries. `terms` are processed terms (see processTerm); a word matches a term
 * when its processed form starts with it, as the prefix search does.
 */
export function snippetFor(markdown: string, terms: string[], size = SNIPPET_CHARS): string {
  const text = plainText(markdown);
  if (text.length <= size) return text;
  const words = [...text.matchAll(/[\p{L}\p{N}_.\-]+/gu)];
  const hits: Array<{ at: number; term: string }> = [];
  for (const word of words) {
    const processed = processTerm(word[0].replace(/[.\-]+$/, ''));
    if (!processed) continue;
    const term = terms.find((t) => processed === t || (t.length >= 4 && processed.startsWith(t)));
    if (term) hits.push({ at: word.index!, term });
  }
  let bestStart = 0;
  let bestScore = -1;
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i]!.at - 60);
    const covered = new Set(hits.filter((hit) => hit.at >= start && hit.at < start + size - 20).map((hit) => hit.term));
    if (covered.size > bestScore) {
      bestScore = covered.size;
      bestStart = start;
    }
  }
  let start = bestStart;
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + size);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
