/**
 * REST API stub pages are only `openapi: <method> <path>` frontmatter; Mintlify builds the
 * page from the OpenAPI schema. We do the same, so each endpoint is searchable by its
 * summary, parameters and body fields instead of being an empty page.
 */
import type { List, ListItem, PhrasingContent, RootContent } from 'mdast';
import { serialize } from './mdx/render.js';

interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  items?: SchemaObject;
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  description?: string;
  title?: string;
  default?: unknown;
  enum?: unknown[];
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: SchemaObject }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: SchemaObject }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface RenderedOperation {
  title: string;
  description: string;
  markdown: string;
}

/** `frontmatter.openapi` is 'get /flows/{id}' (optionally prefixed by a schema file name). */
export function parseOpenApiRef(value: string): { method: string; path: string } | undefined {
  const match = /(?:^|\s)(get|put|post|delete|patch|head|options|trace)\s+(\/\S*)\s*$/i.exec(value.trim());
  return match ? { method: match[1]!.toLowerCase(), path: match[2]! } : undefined;
}

export function renderOperation(document: OpenApiDocument, method: string, path: string): RenderedOperation | undefined {
  const operation = document.paths[path]?.[method];
  if (!operation) return undefined;
  const schemas = document.components?.schemas ?? {};
  const nodes: RootContent[] = [
    {
      type: 'paragraph',
      children: [
        { type: 'strong', children: [{ type: 'text', value: method.toUpperCase() }] },
        { type: 'text', value: ' ' },
        { type: 'inlineCode', value: path },
        ...(operation.deprecated ? [{ type: 'text', value: ' (deprecated)' } as const] : []),
      ],
    },
  ];
  if (operation.description) nodes.push({ type: 'paragraph', children: [{ type: 'text', value: operation.description }] });

  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    nodes.push(heading('Parameters'));
    nodes.push(list(parameters.map((p) => field(p.name, [typeName(p.schema, schemas), p.in, p.required ? 'required' : ''], p.description ?? p.schema?.description))));
  }

  const body = Object.entries(operation.requestBody?.content ?? {})[0];
  if (body?.[1].schema) {
    nodes.push(heading('Request body'));
    const resolved = resolve(body[1].schema, schemas);
    const properties = Object.entries(resolved.properties ?? {});
    nodes.push({ type: 'paragraph', children: [{ type: 'text', value: `Content type ${body[0]}: ${typeName(body[1].schema, schemas)}.` }] });
    if (properties.length > 0) {
      const required = new Set(resolved.required ?? []);
      nodes.push(list(properties.map(([name, schema]) => field(name, [typeName(schema, schemas), required.has(name) ? 'required' : ''], schema.description, schema.default))));
    }
  }

  const responses = Object.entries(operation.responses ?? {});
  if (responses.length > 0) {
    nodes.push(heading('Responses'));
    nodes.push(list(responses.map(([status, response]) => {
      const schema = Object.values(response.content ?? {})[0]?.schema;
      const returns = schema ? ` Returns ${typeName(schema, schemas)}.` : '';
      return field(status, [], `${response.description ?? ''}${returns}`.trim());
    })));
  }

  return {
    title: operation.summary ?? `${method.toUpperCase()} ${path}`,
    description: firstLine(operation.description ?? ''),
    markdown: serialize({ type: 'root', children: nodes }),
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function heading(text: string): RootContent {
  return { type: 'heading', depth: 2, children: [{ type: 'text', value: text }] };
}

function list(items: ListItem[]): List {
  return { type: 'list', ordered: false, spread: false, children: items };
}

function field(name: string, details: string[], description?: string, defaultValue?: unknown): ListItem {
  const shown = details.filter(Boolean);
  const children: PhrasingContent[] = [{ type: 'inlineCode', value: name }];
  if (shown.length > 0) children.push({ type: 'text', value: ` (${shown.join(', ')})` });
  if (defaultValue !== undefined) children.push({ type: 'text', value: `, default ` }, { type: 'inlineCode', value: JSON.stringify(defaultValue) });
  if (description) children.push({ type: 'text', value: `: ${description}` });
  return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children }] };
}

function refName(ref: string): string {
  return ref.split('/').pop() ?? ref;
}

function resolve(schema: SchemaObject, schemas: Record<string, SchemaObject>, depth = 0): SchemaObject {
  if (schema.$ref && depth < 8) return resolve(schemas[refName(schema.$ref)] ?? {}, schemas, depth + 1);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]!, schemas, depth + 1);
  return schema;
}

function typeName(schema: SchemaObject | undefined, schemas: Record<string, SchemaObject>): string {
  if (!schema) return '';
  if (schema.$ref) return refName(schema.$ref);
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union) return union.map((member) => typeName(member, schemas)).filter(Boolean).join(' | ');
  if (schema.type === 'array') return `${typeName(schema.items, schemas) || 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  return schema.type ?? '';
}
