/** Frontmatter split and the MDX parser shared by pages and snippets. */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMdx from 'remark-mdx';
import remarkGfm from 'remark-gfm';
import { parse as parseYaml } from 'yaml';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

export interface MdxFile {
  frontmatter: Record<string, unknown>;
  tree: Root;
}

// Frontmatter is only a delimiter convention; its content goes through a real YAML parser.
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function splitFrontmatter(source: string): { frontmatter: Record<string, unknown>; body: string } {
  const match = FRONTMATTER.exec(source);
  if (!match) return { frontmatter: {}, body: source };
  const data = parseYaml(match[1]!) as unknown;
  return {
    frontmatter: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    body: source.slice(match[0].length),
  };
}

export function parseMdx(source: string): MdxFile {
  const { frontmatter, body } = splitFrontmatter(source);
  return { frontmatter, tree: processor.parse(body) as Root };
}
