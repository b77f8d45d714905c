/**
 * Size of a tool result as an assistant receives it: UTF-8 bytes of the text content and of
 * structuredContent (serialized as JSON), an estimated token count (chars / 4, the usual rule
 * of thumb for English and JSON), and bytes per listed object.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export interface ResponseSize {
  textBytes: number;
  structuredBytes: number;
  totalBytes: number;
  estTokens: number;
  objects: number | null;
  bytesPerObject: number | null;
  /** Top-level fields of the first listed object, to compare what each side says per object. */
  fields: string[];
}

export function responseSize(result: CallToolResult, itemsKey?: string): ResponseSize {
  const text = result.content.map((part) => (part.type === 'text' ? part.text : JSON.stringify(part))).join('');
  const structured = result.structuredContent === undefined ? '' : JSON.stringify(result.structuredContent);
  const textBytes = Buffer.byteLength(text);
  const structuredBytes = Buffer.byteLength(structured);
  const totalBytes = textBytes + structuredBytes;
  const list = itemsKey ? findList(result, itemsKey) : null;
  const objects = list ? list.length : null;
  return {
    textBytes,
    structuredBytes,
    totalBytes,
    estTokens: Math.round((text.length + structured.length) / 4),
    objects,
    bytesPerObject: objects ? Math.round(totalBytes / objects) : null,
    fields: list && typeof list[0] === 'object' && list[0] !== null ? Object.keys(list[0]) : [],
  };
}

/** The `itemsKey` list, looked up in structuredContent (also under FastMCP's `result` wrapper) or in JSON text. */
function findList(result: CallToolResult, itemsKey: string): unknown[] | null {
  const candidates: unknown[] = [result.structuredContent];
  const wrapped = (result.structuredContent as { result?: unknown } | undefined)?.result;
  if (wrapped) candidates.push(wrapped);
  for (const part of result.content) {
    if (part.type !== 'text') continue;
    try {
      candidates.push(JSON.parse(part.text));
    } catch {
      // a prose rendering, not JSON
    }
  }
  for (const candidate of candidates) {
    const list = (candidate as Record<string, unknown> | undefined)?.[itemsKey];
    if (Array.isArray(list)) return list;
  }
  return null;
}
