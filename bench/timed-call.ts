/** One MCP tool call with its round-trip time; a thrown error or an `isError` result is a failed call, never a crash. */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall } from './questions.js';

export type CallOutcome = { ms: number; ok: true; result: CallToolResult } | { ms: number; ok: false; error: string; result?: CallToolResult };

export async function timedCall(client: Client, call: ToolCall, timeoutMs = 30_000): Promise<CallOutcome> {
  const started = performance.now();
  try {
    const result = (await client.callTool({ name: call.name, arguments: call.arguments }, undefined, { timeout: timeoutMs })) as CallToolResult;
    const ms = performance.now() - started;
    if (result.isError) return { ms, ok: false, error: errorText(result), result };
    return { ms, ok: true, result };
  } catch (error) {
    return { ms: performance.now() - started, ok: false, error: (error as Error).message };
  }
}

function errorText(result: CallToolResult): string {
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  return text.slice(0, 300) || 'isError result without text';
}
