/**
 * Mintlify MDX → plain GFM markdown. The MDX is parsed into an AST (remark + remark-mdx)
 * and every JSX component is replaced by the markdown a reader of the rendered page would
 * see, so the store holds text an assistant can quote, with no component noise.
 */
import { toMarkdown } from 'mdast-util-to-markdown';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import type { Blockquote, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Strong } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { parseMdx } from './parse.js';
import { resourceSentence, RESOURCE_COMPONENTS, type SnippetResolver } from './snippets.js';
import { AGENT_ELEMENT, isAgentAddressed, stripAgentElements } from './agent-text.js';

type Node = RootContent;
type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

export interface RenderContext {
  /** Loads '/snippets/x.mdx' imports; undefined when the source has no such file. */
  snippets: SnippetResolver;
}

export const CALLOUTS: Record<string, string> = {
  Note: 'Note',
  Tip: 'Tip',
  Warning: 'Warning',
  Info: 'Info',
  Check: 'Check',
  Danger: 'Danger',
};

/** Components whose title becomes a bold label above their kept content. */
const TITLED_CONTAINERS = new Set(['Tab', 'Step', 'Accordion', 'Expandable', 'Update']);
/** Components that only group their children. */
const TRANSPARENT = new Set([
  'Tabs', 'Steps', 'AccordionGroup', 'CodeGroup', 'CardGroup', 'Columns', 'Frame', 'Tooltip',
  'div', 'span', 'p', 'nobr', 'center', 'section', 'main', 'article', 'details', 'summary', 'small', 'u',
]);
const DROPPED = new Set(['Icon', 'img', 'script', 'style', 'iframe', 'video', 'sup', 'svg', 'source', 'hr']);
const PHRASING = new Set([
  'text', 'inlineCode', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'break', 'html',
  'mdxJsxTextElement', 'mdxTextExpression', 'image', 'imageReference', 'footnoteReference',
]);

export interface RenderedMdx {
  frontmatter: Record<string, unknown>;
  markdown: string;
}

export function renderMdx(source: string, context: RenderContext): RenderedMdx {
  const { frontmatter, tree } = parseMdx(stripAgentElements(source));
  const root: Root = { type: 'root', children: renderTree(tree, context) };
  return { frontmatter, markdown: serialize(root) };
}

export function serialize(root: Root): string {
  return toMarkdown(root, {
    extensions: [gfmToMarkdown()],
    bullet: '-',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
  }).trim();
}

/** Renders a parsed MDX tree (page or snippet) into plain mdast nodes. */
export function renderTree(tree: Root, context: RenderContext): Node[] {
  const imports = collectImports(tree);
  return renderChildren(tree.children, { ...context, imports });
}

interface Scope extends RenderContext {
  /** Local component name → snippet path, from the file's import statements. */
  imports: Map<string, string>;
}

function collectImports(tree: Root): Map<string, string> {
  const imports = new Map<string, string>();
  for (const node of tree.children) {
    if (node.type !== 'mdxjsEsm') continue;
    const program = node.data?.estree;
    for (const statement of program?.body ?? []) {
      if (statement.type !== 'ImportDeclaration' || typeof statement.source.value !== 'string') continue;
      for (const specifier of statement.specifiers) {
        imports.set(specifier.local.name, statement.source.value);
      }
    }
  }
  return imports;
}

function renderChildren(nodes: readonly Node[], scope: Scope): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    if (!isAgentAddressed(node)) out.push(...renderNode(node, scope));
  }
  return groupResponseFields(dropEmpty(out));
}

function renderNode(node: Node, scope: Scope): Node[] {
  switch (node.type) {
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'image':
    case 'imageReference':
    case 'html':
      return [];
    case 'mdxTextExpression':
      return expressionText(node.value);
    case 'code': {
      // '```theme={null}' (a fence without a language) puts the setting where the language goes.
      const settingAsLang = /^\w+=/.test(node.lang ?? '');
      const meta = presentationalMetaRemoved([settingAsLang ? node.lang : '', node.meta].filter(Boolean).join(' '));
      return [{ ...node, lang: settingAsLang ? null : node.lang, meta }];
    }
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement':
      return renderElement(node, scope);
    case 'link': {
      const children = renderChildren(node.children, scope) as PhrasingContent[];
      return children.length > 0 ? [{ ...node, url: canonicalSiteLink(node.url), children }] : [];
    }
    default:
      if ('children' in node) {
        return [{ ...node, children: renderChildren(node.children as Node[], scope) } as Node];
      }
      return [node];
  }
}

/** `{"{"}`-style literals are text on the page; any other expression needs a JS runtime. */
function expressionText(value: string): Node[] {
  const literal = /^\s*(['"`])([\s\S]*)\1\s*$/.exec(value);
  return literal ? [{ type: 'text', value: literal[2]! }] : [];
}

function renderElement(node: JsxElement, scope: Scope): Node[] {
  const name = node.name ?? '';
  const kids = () => renderChildren(node.children as Node[], scope);

  const snippet = scope.imports.get(name);
  if (snippet) {
    if (RESOURCE_COMPONENTS.has(name)) return [resourceSentence(name, attributes(node), scope.snippets)];
    const tree = scope.snippets.load(snippet);
    return tree ? renderTree(tree, scope) : [];
  }
  if (DROPPED.has(name) || AGENT_ELEMENT.test(name)) return [];
  if (name in CALLOUTS) return [callout(CALLOUTS[name]!, attr(node, 'title'), kids())];
  if (TRANSPARENT.has(name)) return wrapPhrasing(node, kids());
  if (TITLED_CONTAINERS.has(name)) {
    const title = attr(node, 'title') ?? attr(node, 'label') ?? '';
    return [...(title ? [label(title)] : []), ...flow(kids())];
  }
  if (name === 'ResponseField' || name === 'ParamField') return [responseField(node, kids())];
  if (name === 'Card') return card(node, kids());
  if (name === 'Tree') return [treeList(node.children as Node[])];
  if (name === 'a') {
    const href = attr(node, 'href');
    const children = kids().filter(isPhrasing) as PhrasingContent[];
    if (children.length === 0 || !toString({ type: 'paragraph', children }).trim()) return [];
    return href ? [{ type: 'link', url: canonicalSiteLink(href), children }] : children;
  }
  if (name === 'br') return [{ type: 'break' }];
  if (name === 'strong' || name === 'b') return [{ type: 'strong', children: kids().filter(isPhrasing) as PhrasingContent[] }];
  if (name === 'em' || name === 'i') return [{ type: 'emphasis', children: kids().filter(isPhrasing) as PhrasingContent[] }];
  if (name === 'code') return [{ type: 'inlineCode', value: toString({ type: 'root', children: kids() }) }];
  const heading = /^h([1-6])$/.exec(name);
  if (heading) {
    return [{ type: 'heading', depth: Number(heading[1]) as 1, children: kids().filter(isPhrasing) as PhrasingContent[] }];
  }
  if (name === 'ul' || name === 'ol') return [htmlList(name === 'ol', node.children as Node[], scope)];
  if (name === 'li') return flow(kids());
  // An unknown component: its text is still content the reader sees.
  return wrapPhrasing(node, kids());
}

/** '/v3/concepts/flows/#a' and '/v3/concepts/flows#a' are one page: links on the site are written without the slash. */
export function canonicalSiteLink(url: string): string {
  return /^\/[^/]/.test(url) ? url.replace(/(.)\/+(?=$|[#?])/, '$1') : url;
}

/**
 * Mintlify adds `theme={null}` (and may add other display settings) to fences it serves;
 * the title and flags authors write (`python flow.py`, `bash wrap`) stay.
 */
function presentationalMetaRemoved(meta: string | null | undefined): string | null {
  const kept = (meta ?? '').replace(/(?:^|\s)theme=(?:\{[^}]*\}|"[^"]*"|'[^']*'|\S+)/g, ' ').trim();
  return kept || null;
}

function attributes(node: JsxElement): Map<string, string | true> {
  const map = new Map<string, string | true>();
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute') continue;
    const { value } = attribute as MdxJsxAttribute;
    if (value === null || value === undefined) map.set(attribute.name, true);
    else if (typeof value === 'string') map.set(attribute.name, value);
    else map.set(attribute.name, `{${value.value}}`);
  }
  return map;
}

function attr(node: JsxElement, name: string): string | undefined {
  const value = attributes(node).get(name);
  return typeof value === 'string' ? value : undefined;
}

function isPhrasing(node: Node): boolean {
  return PHRASING.has(node.type);
}

/** A flow element's inline children must sit in paragraphs once the element is gone. */
function flow(nodes: Node[]): Node[] {
  const out: Node[] = [];
  let run: PhrasingContent[] = [];
  const flush = () => {
    if (run.length > 0 && toString({ type: 'paragraph', children: run }).trim()) out.push({ type: 'paragraph', children: run });
    run = [];
  };
  for (const node of nodes) {
    if (isPhrasing(node)) run.push(node as PhrasingContent);
    else {
      flush();
      out.push(node);
    }
  }
  flush();
  return out;
}

function wrapPhrasing(node: JsxElement, children: Node[]): Node[] {
  return node.type === 'mdxJsxFlowElement' ? flow(children) : children;
}

/** The bold line a titled component (a step, a tab, an accordion) leaves above its content. */
export function label(text: string): Paragraph {
  return { type: 'paragraph', children: [{ type: 'strong', children: [{ type: 'text', value: text }] }] };
}

/** A callout (`<Note>`, `<Warning>`…): a quote opening with its kind, and title if any, in bold. */
export function callout(kind: string, title: string | undefined, children: Node[]): Blockquote {
  return {
    type: 'blockquote',
    children: [label(title ? `${kind}: ${title}` : kind), ...flow(children)] as Blockquote['children'],
  };
}

function responseField(node: JsxElement, children: Node[]): ListItem {
  const attrs = attributes(node);
  const name = String(attrs.get('name') ?? attrs.get('query') ?? attrs.get('path') ?? attrs.get('body') ?? '');
  const details = [attrs.get('type'), attrs.get('required') ? 'required' : undefined, attrs.get('deprecated') ? 'deprecated' : undefined]
    .filter((value): value is string => typeof value === 'string' && value !== '');
  const head: PhrasingContent[] = [{ type: 'inlineCode', value: name }];
  if (details.length > 0) head.push({ type: 'text', value: ` (${details.join(', ')})` });
  const defaultValue = attrs.get('default');
  if (typeof defaultValue === 'string') head.push({ type: 'text', value: `, default \`${defaultValue}\`` });

  const body = flow(children);
  const first = body[0];
  // A one-paragraph description reads best on the same line as the field name.
  if (first?.type === 'paragraph') {
    head.push({ type: 'text', value: ': ' }, ...first.children);
    body.shift();
  }
  return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: head }, ...body] as ListItem['children'] };
}

const fieldLists = new WeakSet<List>();

/** Consecutive ResponseFields form one list, as they do visually on the page. */
function groupResponseFields(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const previous = out[out.length - 1];
    if (node.type === 'listItem') {
      if (previous?.type === 'list' && fieldLists.has(previous)) previous.children.push(node);
      else {
        const list: List = { type: 'list', ordered: false, spread: false, children: [node] };
        fieldLists.add(list);
        out.push(list);
      }
    } else out.push(node);
  }
  return out;
}

function card(node: JsxElement, children: Node[]): Node[] {
  return cardNodes(attr(node, 'title') ?? '', attr(node, 'href'), children);
}

/** A card: its title (a link when the card is one), then its text on the same line. */
export function cardNodes(title: string, href: string | undefined, children: Node[]): Node[] {
  const titleNode: PhrasingContent = href
    ? { type: 'link', url: canonicalSiteLink(href), children: [{ type: 'text', value: title || href }] }
    : ({ type: 'strong', children: [{ type: 'text', value: title }] } satisfies Strong);
  const body = flow(children);
  const first = body[0];
  if (first?.type === 'paragraph') {
    body.shift();
    return [{ type: 'paragraph', children: [titleNode, { type: 'text', value: ': ' }, ...first.children] }, ...body];
  }
  return title || href ? [{ type: 'paragraph', children: [titleNode] }, ...body] : body;
}

/** File trees become nested lists: folders end with '/'. */
function treeList(children: readonly Node[]): List {
  const items: ListItem[] = [];
  for (const child of children) {
    if (child.type !== 'mdxJsxFlowElement' && child.type !== 'mdxJsxTextElement') continue;
    const isFolder = child.name === 'Tree.Folder';
    const name = attr(child, 'name') ?? '';
    const item: ListItem = {
      type: 'listItem',
      spread: false,
      children: [{ type: 'paragraph', children: [{ type: 'text', value: isFolder ? `${name}/` : name }] }],
    };
    if (isFolder && child.children.length > 0) item.children.push(treeList(child.children as Node[]));
    items.push(item);
  }
  return { type: 'list', ordered: false, spread: false, children: items };
}

function htmlList(ordered: boolean, items: readonly Node[], scope: Scope): List {
  const children: ListItem[] = [];
  for (const item of items) {
    const isLi = (item.type === 'mdxJsxFlowElement' || item.type === 'mdxJsxTextElement') && item.name === 'li';
    const content = flow(isLi ? renderChildren(item.children as Node[], scope) : renderNode(item, scope));
    if (content.length > 0) children.push({ type: 'listItem', spread: false, children: content as ListItem['children'] });
  }
  return { type: 'list', ordered, spread: false, children };
}

function dropEmpty(nodes: Node[]): Node[] {
  return nodes.filter((node) => {
    if (node.type === 'paragraph') return node.children.length > 0 && toString(node).trim() !== '';
    if (node.type === 'list') return node.children.length > 0;
    return true;
  });
}
