/**
 * Markdown as words: no heading marks, fences, link targets, emphasis, table rules or
 * escapes. The search index is built over this text (so a change needs a rebuild: bump
 * SCHEMA_VERSION), and snippets are cut from the same text, so what a search matched is
 * what the snippet shows.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^(?:\s*>)*\s*(?:`{3,}|~{3,}).*$/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^(?:\s*>)+\s?/gm, '')
    .replace(/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*$/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!<>|])/g, '$1')
    .replace(/[*`|]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
