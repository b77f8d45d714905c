/** Short plain-text excerpts around the words a search matched. */
import { plainText } from '../docs-model/plain-text.js';
import { processTerm } from '../docs-model/search-index.js';

export const SNIPPET_CHARS = 300;

/** A chunk's words on one line, as a snippet shows them. */
export function snippetText(markdown: string): string {
  return plainText(markdown).replace(/\s+/g, ' ');
}

/**
 * The window of about SNIPPET_CHARS that covers the most distinct query terms, cut at
 * word boundaries. `terms` are processed terms (see processTerm); a word matches a term
 * when its processed form starts with it, as the prefix search does.
 */
export function snippetFor(markdown: string, terms: string[], size = SNIPPET_CHARS): string {
  return snippetOf(snippetText(markdown), terms, size);
}

/** snippetFor over text already stripped of markdown (see DocsStore.chunkText). */
export function snippetOf(text: string, terms: string[], size = SNIPPET_CHARS): string {
  if (text.length <= size) return text;
  // Processing keeps a word's first letter (lower-cased): words starting otherwise cannot match.
  const initials = new Set(terms.map((term) => term.charAt(0)));
  const hits: Array<{ at: number; term: string }> = [];
  for (const word of text.matchAll(/[\p{L}\p{N}_.\-]+/gu)) {
    if (!initials.has(word[0].charAt(0).toLowerCase().charAt(0))) continue;
    const processed = processTerm(word[0].replace(/[.\-]+$/, ''));
    if (!processed) continue;
    const term = terms.find((t) => processed === t || (t.length >= 4 && processed.startsWith(t)));
    if (term) hits.push({ at: word.index!, term });
  }
  // Slide a window over the hits (both ends only move forward), counting distinct terms in it.
  let bestStart = 0;
  let bestScore = -1;
  const inWindow = new Map<string, number>();
  let from = 0;
  let to = 0;
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i]!.at - 60);
    for (; to < hits.length && hits[to]!.at < start + size - 20; to++) inWindow.set(hits[to]!.term, (inWindow.get(hits[to]!.term) ?? 0) + 1);
    for (; from < to && hits[from]!.at < start; from++) {
      const left = inWindow.get(hits[from]!.term)! - 1;
      if (left) inWindow.set(hits[from]!.term, left);
      else inWindow.delete(hits[from]!.term);
    }
    if (inWindow.size > bestScore) {
      bestScore = inWindow.size;
      bestStart = start;
    }
  }
  let start = bestStart;
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  let end = Math.min(text.length, start + size);
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
