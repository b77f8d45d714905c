/**
 * Checks run parameters against a deployment's parameter_openapi_schema before a run is
 * created, so a typo fails here with the parameter named instead of as a crashed run later.
 */

interface ParameterSchema {
  properties?: Record<string, { type?: string; anyOf?: unknown[]; allOf?: unknown[]; $ref?: string }>;
  required?: string[];
}

const JSON_TYPES: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  null: (v) => v === null,
};

/** Problems as sentences, empty when the parameters fit. Defaults stored on the deployment count as provided. */
export function checkParameters(
  schema: Record<string, unknown> | null,
  given: Record<string, unknown>,
  deploymentDefaults: Record<string, unknown>,
): string[] {
  const { properties, required = [] } = (schema ?? {}) as ParameterSchema;
  if (!properties) return [];
  const problems: string[] = [];
  const known = Object.keys(properties);
  const unknown = Object.keys(given).filter((name) => !known.includes(name));
  if (unknown.length) problems.push(`unknown parameter(s): ${unknown.join(', ')} (the flow accepts: ${known.join(', ') || 'none'})`);
  const missing = required.filter((name) => !(name in given) && !(name in deploymentDefaults));
  if (missing.length) problems.push(`missing required parameter(s): ${missing.join(', ')}`);
  for (const [name, value] of Object.entries(given)) {
    const type = properties[name]?.type;
    // Only plain typed parameters are checked; unions and model references are left to Prefect.
    if (type && JSON_TYPES[type] && !JSON_TYPES[type](value)) {
      problems.push(`parameter ${name} must be ${type}, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}
