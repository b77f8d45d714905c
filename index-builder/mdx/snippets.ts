/**
 * Snippet imports. Text partials (`/snippets/installation.mdx`) are parsed and inlined;
 * the resource-management components are one-sentence JSX that Mintlify renders, so
 * their sentence is produced here (SOURCE.md lists them), with link targets from
 * `vars.mdx` when the checkout has it and plain text otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Expression } from 'estree';
import type { Paragraph, PhrasingContent, Root } from 'mdast';
import { parseMdx } from './parse.js';

export interface SnippetResolver {
  load(importPath: string): Root | undefined;
  /** `deployments.tf` → URL, from the exports of vars.mdx. */
  variable(expression: string): string | undefined;
}

export const RESOURCE_COMPONENTS = new Set(['API', 'CLI', 'TF', 'HELM', 'COMBINED']);

const VARS_PATH = '/snippets/resource-management/vars.mdx';

export function snippetResolver(root: string): SnippetResolver {
  const cache = new Map<string, Root | undefined>();
  let vars: Map<string, string> | undefined;
  const load = (importPath: string): Root | undefined => {
    if (!cache.has(importPath)) {
      let tree: Root | undefined;
      try {
        tree = parseMdx(readFileSync(join(root, importPath), 'utf8')).tree;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      cache.set(importPath, tree);
    }
    return cache.get(importPath);
  };
  return {
    load,
    variable(expression) {
      vars ??= exportedStrings(load(VARS_PATH));
      return vars.get(expression.trim());
    },
  };
}

/** Flattens `export const deployments = { tf: "…" }` into 'deployments.tf' → '…'. */
function exportedStrings(tree: Root | undefined): Map<string, string> {
  const values = new Map<string, string>();
  const walk = (prefix: string, node: Expression | null | undefined) => {
    if (!node) return;
    if (node.type === 'Literal' && typeof node.value === 'string') values.set(prefix, node.value);
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0) values.set(prefix, node.quasis.map((q) => q.value.cooked ?? '').join(''));
    if (node.type === 'ObjectExpression') {
      for (const property of node.properties) {
        if (property.type !== 'Property') continue;
        const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
        if (key) walk(`${prefix}.${key}`, property.value as Expression);
      }
    }
  };
  for (const node of tree?.children ?? []) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const statement of node.data?.estree?.body ?? []) {
      if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') continue;
      for (const declarator of statement.declaration.declarations) {
        if (declarator.id.type === 'Identifier') walk(declarator.id.name, declarator.init);
      }
    }
  }
  return values;
}

const TOOL_NAMES: Record<string, [string, string]> = {
  API: ['href', 'Prefect API'],
  CLI: ['href', 'Prefect CLI'],
  TF: ['href', 'Terraform provider for Prefect'],
  HELM: ['href', 'Prefect Helm charts'],
};

export function resourceSentence(component: string, attrs: Map<string, string | true>, snippets: SnippetResolver): Paragraph {
  const name = String(attrs.get('name') ?? 'this resource');
  const link = (prop: string, text: string): PhrasingContent => {
    const raw = attrs.get(prop);
    const url = typeof raw !== 'string' ? undefined : raw.startsWith('{') ? snippets.variable(raw.slice(1, -1)) : raw;
    return url ? { type: 'link', url, children: [{ type: 'text', value: text }] } : { type: 'text', value: text };
  };
  const children: PhrasingContent[] = [{ type: 'text', value: `You can manage ${name} with the ` }];
  if (component === 'COMBINED') {
    children.push(link('hrefCLI', 'Prefect CLI'), { type: 'text', value: ', ' }, link('hrefTF', 'Terraform provider'), { type: 'text', value: ', or ' }, link('hrefAPI', 'Prefect API'));
  } else {
    const [prop, text] = TOOL_NAMES[component]!;
    children.push(link(prop, text));
  }
  children.push({ type: 'text', value: '.' });
  return { type: 'paragraph', children };
}
