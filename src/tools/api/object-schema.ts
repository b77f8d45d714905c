/**
 * get_object_schema: JSON schemas for writing automations, as the official server offers.
 * The schema is vendored (automation-schema.json: Prefect's REST OpenAPI AutomationCreate and
 * everything it references) so it works offline and against Prefect Cloud alike.
 */
import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import vendored from './automation-schema.json' with { type: 'json' };
import { caseInsensitiveEnum } from '../inputs.js';

type Schema = Record<string, unknown>;
const defs = (vendored as { $defs: Record<string, Schema> }).$defs;

const OBJECT_TYPES = ['automation', 'trigger', 'action'] as const;

/** Kept from the official server: the stuck-Pending detector assistants most often get wrong. */
const GUIDANCE = {
  proactive_stuck_pending_flow_runs: {
    description:
      'To detect flow runs stuck in Pending, use a proactive event trigger that starts after a Pending event and expects the state transition event that proves the run is no longer stuck.',
    trigger: {
      type: 'event',
      posture: 'Proactive',
      after: ['prefect.flow-run.Pending'],
      expect: ['prefect.flow-run.Running', 'prefect.flow-run.Crashed'],
      for_each: ['prefect.resource.id'],
      threshold: 1,
      within: 300,
    },
    note: 'Do not use prefect.flow-run.* as the expected event for a stuck Pending detector; it is too broad. Prefer explicit state events such as prefect.flow-run.Running and prefect.flow-run.Crashed.',
  },
};

function root(objectType: (typeof OBJECT_TYPES)[number]): Schema {
  const automation = defs.AutomationCreate as { properties: Record<string, { anyOf?: unknown[]; items?: { anyOf?: unknown[] } }> };
  if (objectType === 'automation') return automation as Schema;
  if (objectType === 'trigger') return { title: 'Trigger', anyOf: automation.properties.trigger.anyOf };
  return { title: 'Action', anyOf: automation.properties.actions.items?.anyOf };
}

/** Only the $defs the root actually reaches, so a trigger schema does not carry every action. */
function withDefs(schema: Schema): Schema {
  const used: Record<string, Schema> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/$defs/', '');
        if (!used[name] && defs[name]) {
          used[name] = defs[name];
          visit(defs[name]);
        }
      } else visit(value);
    }
  };
  visit(schema);
  return { ...schema, $defs: used };
}

export const getObjectSchema = defineTool({
  name: 'get_object_schema',
  title: 'JSON schema of a Prefect object',
  description:
    'JSON schema for writing Prefect automations: the whole automation, just the trigger types (event, compound, sequence) or just the action types (run-deployment, cancel-flow-run, send-notification, ...), with guidance for common triggers. Use it before drafting an automation with `prefect automation create` or the API.',
  toolset: 'api',
  kind: 'read',
  openWorld: false,
  input: {
    object_type: caseInsensitiveEnum(OBJECT_TYPES).describe('automation (default), trigger or action').optional(),
  },
  output: {
    object_type: z.enum(OBJECT_TYPES),
    schema: z.record(z.string(), z.unknown()).describe('A JSON Schema (draft 2020-12 style, refs under $defs)'),
  },
  async handle(args) {
    const objectType = args.object_type ?? 'automation';
    const schema = { ...withDefs(root(objectType)), 'x-prefect-mcp-guidance': GUIDANCE };
    return { data: { object_type: objectType, schema }, text: JSON.stringify(schema) };
  },
});
