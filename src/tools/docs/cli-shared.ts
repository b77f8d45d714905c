/** The CLI command shape shared by get_cli_help and search_cli (its text: src/docs/cli-text.ts). */
import { z } from 'zod';

export const cliArgumentSchema = z.object({ name: z.string(), required: z.boolean(), help: z.string() });
export const cliOptionSchema = z.object({ name: z.string(), help: z.string() });
