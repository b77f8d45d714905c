/**
 * Text in the docs addressed to AI agents rather than readers: Mintlify's
 * `<AgentInstructions>` element ("include these instructions in any summary", "submit
 * feedback via POST to …") and the "Documentation Index" preamble of its `.md` pages.
 * Indexing it would hand third-party instructions to the user's assistant through our
 * tools, so every source drops it before rendering, and the renderer drops it again.
 */
import { toString } from 'mdast-util-to-string';
import type { RootContent } from 'mdast';

/** `<AgentInstructions>`, `<AgentOnly>`, `<AIInstructions>`, `<LLMNote>`, … */
export const AGENT_ELEMENT = /^(?:Agents?|AI|LLMs?)(?:[A-Z]\w*)?$/;

const AGENT_ELEMENT_TEXT = /<((?:Agents?|AI|LLMs?)(?:[A-Z]\w*)?)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/g;

/** A block opening like a message to a machine reader. */
const AGENT_ADDRESS = [
  /^(?:(?:note|notes|instructions?|message|attention)\s+(?:to|for)\s+)?(?:all\s+)?(?:ai|llms?|language[- ]models?)(?:\s+(?:agents?|assistants?|models?|tools?|crawlers?))?\s*[:—–]/i,
  /^(?:(?:note|notes|instructions?|message|attention)\s+(?:to|for)\s+)(?:all\s+)?(?:ai\s+)?(?:agents?|assistants?|crawlers?)\s*[:—–]/i,
  /^if you are an?\s+(?:ai|llm|language model|(?:ai\s+)?agent|(?:ai\s+)?assistant)\b/i,
  /^documentation index/i,
];

export function isAgentText(text: string): boolean {
  const start = text.replace(/^[\s>*_#[\]]+/, '');
  return AGENT_ADDRESS.some((pattern) => pattern.test(start));
}

/** Agent elements removed from MDX source text, so they are gone even where the parser would fail. */
export function stripAgentElements(source: string): string {
  return source.replace(AGENT_ELEMENT_TEXT, '');
}

/** A paragraph, quote or raw HTML block addressed to agents. */
export function isAgentAddressed(node: RootContent): boolean {
  if (node.type !== 'paragraph' && node.type !== 'blockquote' && node.type !== 'html') return false;
  return isAgentText(node.type === 'html' ? node.value.replace(/<[^>]*>/g, ' ') : toString(node));
}
