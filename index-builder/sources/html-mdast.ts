/**
 * Rendered HTML content → mdast, so an HTML page goes through the same markdown serializer
 * (mdx/render.ts `serialize`) as a page rendered from MDX: escaping, list markers, fences and
 * tables then come out one way, whichever source a page was read from.
 *
 * What HTML does not say is taken from its layout: a list is loose when its items hold `<p>`
 * (as HTML renderers of markdown write them), a fence's language comes from a
 * `language-x` class or a `data-language`/`language` attribute. Fence meta (`python flow.py`)
 * survives only as the file name in a Mintlify code block header; plain HTML drops it.
 * Mintlify's components (callouts, cards, steps, accordions) are written as the MDX renderer
 * writes them, with the same functions.
 */
import type { AnyNode, Element } from 'domhandler';
import type {
  AlignType, BlockContent, Code, Heading, List, ListItem, PhrasingContent, Root, RootContent, Table, TableCell, TableRow,
} from 'mdast';
import { callout, CALLOUTS, canonicalSiteLink, cardNodes, label } from '../mdx/render.js';

export interface HtmlToMdastOptions {
  /** A link target as the page wrote it → the one to store. */
  mapLink?: (url: string) => string;
}

interface Scope extends Required<HtmlToMdastOptions> {
  /** Elements already read for their text (a card's title): not content again. */
  taken: Set<Element>;
}

/** Elements whose content is shown as is, without a block of their own. */
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'kbd', 'mark', 'q', 's', 'samp', 'small',
  'span', 'strike', 'strong', 'sub', 'time', 'tt', 'u', 'var', 'wbr', 'label', 'font', 'nobr',
]);
/** Not text a reader sees. `sup` as in the MDX renderer: mdxify's `[source]` links. */
const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'img', 'picture', 'svg', 'video', 'audio', 'iframe', 'source', 'sup', 'input', 'button']);

export function htmlToMdast(nodes: readonly AnyNode[], options: HtmlToMdastOptions = {}): Root {
  const scope: Scope = { mapLink: options.mapLink ?? ((url) => url), taken: new Set() };
  return { type: 'root', children: flow(nodes, scope) };
}

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** The element a node stands for: Mintlify writes some paragraphs as `<span data-as="p">`. */
function tagOf(element: Element): string {
  return element.attribs['data-as'] ?? element.name;
}

/** Inline unless it holds a block: a card is an `<a>` around a title and a description. */
function isInline(node: AnyNode): boolean {
  if (node.type === 'text') return true;
  return isElement(node) && INLINE.has(tagOf(node)) && !node.children.some((child) => isElement(child) && !isInline(child) && !DROPPED.has(child.name));
}

/** Mintlify marks the parts of its components with `data-component-part`. */
function part(element: Element): string | undefined {
  return element.attribs['data-component-part'];
}

function findPart(element: Element, name: string): Element | undefined {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (part(child) === name) return child;
    const found = findPart(child, name);
    if (found) return found;
  }
  return undefined;
}

/** Block content: runs of inline nodes become paragraphs, the space between blocks is layout. */
function flow(nodes: readonly AnyNode[], scope: Scope): RootContent[] {
  const out: RootContent[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    const children = trimEdges(phrasing(run, scope));
    if (children.length > 0) out.push({ type: 'paragraph', children });
    run = [];
  };
  for (const node of nodes) {
    if (isElement(node) && scope.taken.has(node)) continue;
    if (isInline(node)) run.push(node);
    else if (isElement(node)) {
      flush();
      out.push(...block(node, scope));
    }
  }
  flush();
  return out;
}

function block(element: Element, scope: Scope): RootContent[] {
  const name = tagOf(element);
  if (DROPPED.has(name) || DROPPED_PARTS.test(part(element) ?? '')) return [];
  const component = mintlifyComponent(element, scope);
  if (component) return component;
  const heading = /^h([1-6])$/.exec(name);
  if (heading) return [{ type: 'heading', depth: Number(heading[1]) as Heading['depth'], children: phrasing(element.children, scope) }];
  switch (name) {
    case 'p': {
      const children = phrasing(element.children, scope);
      return children.length > 0 ? [{ type: 'paragraph', children }] : [];
    }
    case 'pre':
      return [code(element, null)];
    case 'blockquote':
      return [{ type: 'blockquote', children: flow(element.children, scope) as BlockContent[] }];
    case 'ul':
    case 'ol':
      return [list(element, scope)];
    case 'table':
      return [table(element, scope)];
    case 'hr':
      return [{ type: 'thematicBreak' }];
    default:
      // div, section, li outside a list, unknown components: their content is what the reader sees.
      return flow(element.children, scope);
  }
}

/** Markers and decoration inside Mintlify components: icons, the disclosure caret, step numbers and lines. */
const DROPPED_PARTS = /(?:^|-)(?:icon|caret-right|caret-down|number|line)$/;

/**
 * Mintlify's components as it renders them (their `data-component-part` names, as observed in
 * served pages), written as the MDX renderer writes the same component: a callout as a quote
 * opening with its kind, a card as its linked title and text, a step's or accordion's title as
 * a bold label, a code block's file name as fence meta.
 */
function mintlifyComponent(element: Element, scope: Scope): RootContent[] | undefined {
  const calloutType = element.attribs['data-callout-type'];
  if (calloutType) {
    const kind = Object.values(CALLOUTS).find((name) => name.toLowerCase() === calloutType.toLowerCase()) ?? calloutType;
    const content = findPart(element, 'callout-content') ?? element;
    return [callout(kind, undefined, flow(content.children, scope))];
  }
  const cardTitle = (element.name === 'a' || hasClass(element, 'card')) && findPart(element, 'card-title');
  if (cardTitle) {
    scope.taken.add(cardTitle);
    const href = element.attribs.href ? scope.mapLink(element.attribs.href) : undefined;
    return cardNodes(textOf(cardTitle).trim(), href, flow(element.children, scope)) as RootContent[];
  }
  const kind = part(element);
  if (kind === 'step-title' || kind === 'accordion-title') return [label(textOf(element).trim())];
  if (kind === 'code-block-root') {
    const pre = findTag(element, 'pre');
    const filename = findPart(element, 'code-block-header-filename');
    if (pre) return [code(pre, filename ? textOf(filename).trim() || null : null)];
  }
  return undefined;
}

function hasClass(element: Element, name: string): boolean {
  return (element.attribs.class ?? '').split(/\s+/).includes(name);
}

function findTag(element: Element, name: string): Element | undefined {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (child.name === name) return child;
    const found = findTag(child, name);
    if (found) return found;
  }
  return undefined;
}

function phrasing(nodes: readonly AnyNode[], scope: Scope): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      // A renderer writes a line break as `<br>` and a newline; the break already says it.
      const value = out[out.length - 1]?.type === 'break' ? node.data.replace(/^\n/, '') : node.data;
      if (value) out.push({ type: 'text', value });
    } else if (isElement(node)) out.push(...inline(node, scope));
  }
  return mergeText(out);
}

function inline(element: Element, scope: Scope): PhrasingContent[] {
  const kids = () => phrasing(element.children, scope);
  if (scope.taken.has(element) || DROPPED_PARTS.test(part(element) ?? '')) return [];
  switch (tagOf(element)) {
    case 'br':
      return [{ type: 'break' }];
    case 'strong':
    case 'b':
      return wrapped('strong', kids());
    case 'em':
    case 'i':
      return wrapped('emphasis', kids());
    case 'del':
    case 's':
    case 'strike':
      return wrapped('delete', kids());
    case 'code':
    case 'tt':
    case 'kbd':
      return [{ type: 'inlineCode', value: textOf(element) }];
    case 'a': {
      const children = kids();
      const href = element.attribs.href;
      if (!href || (href.startsWith('#') && isHeadingSelfLink(element))) return children;
      if (children.length === 0) return [];
      return [{ type: 'link', url: canonicalSiteLink(scope.mapLink(href)), title: element.attribs.title || null, children }];
    }
    default:
      if (DROPPED.has(element.name)) return [];
      // A block inside inline content (a `<div>` in a `<span>`): its text, inline.
      return kids();
  }
}

/** Mintlify (like most sites) wraps heading text in a link to its own anchor. */
function isHeadingSelfLink(element: Element): boolean {
  const parent = element.parent;
  return !!parent && parent.type === 'tag' && /^h[1-6]$/.test(parent.name);
}

function wrapped(type: 'strong' | 'emphasis' | 'delete', children: PhrasingContent[]): PhrasingContent[] {
  return children.length > 0 ? [{ type, children } as PhrasingContent] : [];
}

function code(pre: Element, meta: string | null): Code {
  const inner = pre.children.find((child): child is Element => isElement(child) && child.name === 'code');
  const classes = [inner?.attribs.class, pre.attribs.class].join(' ');
  const lang =
    /(?:^|\s)(?:language|lang)-([\w+#.-]+)/.exec(classes)?.[1] ??
    pre.attribs['data-language'] ?? inner?.attribs['data-language'] ?? pre.attribs.language ?? null;
  // Renderers end the code with a newline before `</code>`; the fence's content does not have it.
  return { type: 'code', lang: lang || null, meta, value: textOf(inner ?? pre).replace(/\n$/, '') };
}

function list(element: Element, scope: Scope): List {
  const items = element.children.filter((child): child is Element => isElement(child) && tagOf(child) === 'li');
  // A loose list (blank lines between items in markdown) is one whose items hold paragraphs.
  const spread = items.some((item) => item.children.some((child) => isElement(child) && tagOf(child) === 'p'));
  const ordered = tagOf(element) === 'ol';
  const start = ordered ? Number.parseInt(element.attribs.start ?? '1', 10) : undefined;
  return {
    type: 'list',
    ordered,
    start: ordered && Number.isFinite(start) ? start : null,
    spread,
    children: items.map((item): ListItem => {
      const children = flow(item.children, scope) as BlockContent[];
      // In a loose list an item's blocks are apart too; HTML does not say more.
      return { type: 'listItem', spread: spread && children.length > 1, checked: checked(item), children };
    }),
  };
}

/** A GFM task list item: `<li><input type="checkbox" checked> …`. */
function checked(item: Element): boolean | null {
  const box = [item, ...item.children.filter(isElement)].flatMap((node) => node.children).find((child): child is Element => isElement(child) && child.name === 'input' && child.attribs.type === 'checkbox');
  return box ? 'checked' in box.attribs : null;
}

function table(element: Element, scope: Scope): Table {
  const rows: Element[] = [];
  const collect = (node: Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.name === 'tr') rows.push(child);
      else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') collect(child);
    }
  };
  collect(element);
  const cells = (row: Element) => row.children.filter((child): child is Element => isElement(child) && (child.name === 'td' || child.name === 'th'));
  const align = rows[0] ? cells(rows[0]).map(cellAlign) : [];
  return {
    type: 'table',
    align,
    children: rows.map((row): TableRow => ({
      type: 'tableRow',
      children: cells(row).map((cell): TableCell => ({ type: 'tableCell', children: trimEdges(phrasing(cell.children, scope)) })),
    })),
  };
}

function cellAlign(cell: Element): AlignType {
  const value = cell.attribs.align ?? /text-align:\s*(left|right|center)/.exec(cell.attribs.style ?? '')?.[1];
  return value === 'left' || value === 'right' || value === 'center' ? value : null;
}

function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node)) return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textOf).join('');
}

function mergeText(nodes: PhrasingContent[]): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  for (const node of nodes) {
    const previous = out[out.length - 1];
    if (node.type === 'text' && previous?.type === 'text') out[out.length - 1] = { type: 'text', value: previous.value + node.value };
    else out.push(node);
  }
  return out;
}

/** The whitespace HTML layout puts around inline content in a block (`<li>\n text\n <ul>`). */
function trimEdges(nodes: PhrasingContent[]): PhrasingContent[] {
  const out = [...nodes];
  const first = out[0];
  if (first?.type === 'text') out[0] = { ...first, value: first.value.replace(/^\s+/, '') };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
  return out.filter((node) => node.type !== 'text' || node.value !== '');
}
