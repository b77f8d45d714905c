/**
 * A backstop on everything the server sends: errors the SDK writes itself (input validation,
 * which lists one issue per bad element) never pass through our tool wrapper, so their text is
 * bounded here, on the way out, for both transports.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { boundText, MAX_ERROR_CHARS } from '../tools/register.js';

export function boundErrors<T extends Transport>(transport: T): T {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(boundErrorMessage(message), options);
  return transport;
}

function boundErrorMessage(message: JSONRPCMessage): JSONRPCMessage {
  if ('error' in message && message.error.message.length > MAX_ERROR_CHARS) {
    return { ...message, error: { ...message.error, message: boundText(message.error.message, MAX_ERROR_CHARS) } };
  }
  if (!('result' in message)) return message;
  const result = message.result as { isError?: boolean; content?: Array<{ type: string; text?: string }> };
  if (result.isError !== true || !Array.isArray(result.content)) return message;
  const content = result.content.map((item) =>
    item.type === 'text' && typeof item.text === 'string' && item.text.length > MAX_ERROR_CHARS ? { ...item, text: boundText(item.text, MAX_ERROR_CHARS) } : item,
  );
  return { ...message, result: { ...result, content } };
}
