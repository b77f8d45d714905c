/**
 * Reads Prefect's own profiles file the way the Prefect SDK does:
 * `$PREFECT_PROFILES_PATH`, else `$PREFECT_HOME/profiles.toml`, else `~/.prefect/profiles.toml`;
 * the active profile is `$PREFECT_PROFILE`, else the file's top-level `active`.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';

export interface ActiveProfile {
  name: string;
  path: string;
  settings: Record<string, string>;
}

export class ProfileError extends Error {}

export function profilesPath(env: NodeJS.ProcessEnv): string {
  if (env.PREFECT_PROFILES_PATH) return expandHome(env.PREFECT_PROFILES_PATH);
  const home = env.PREFECT_HOME ? expandHome(env.PREFECT_HOME) : join(homedir(), '.prefect');
  return join(home, 'profiles.toml');
}

function expandHome(path: string): string {
  return path.startsWith('~') ? join(homedir(), path.slice(1)) : path;
}

/** The active profile, or undefined when there is no profiles file or no usable profile in it. */
export function readActiveProfile(env: NodeJS.ProcessEnv): ActiveProfile | undefined {
  const path = profilesPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProfileError(`Cannot read Prefect profiles file ${path}: ${(error as Error).message}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const reason = (error as Error).message.split('\n')[0];
    throw new ProfileError(
      `Prefect profiles file ${path} is not valid TOML${where}: ${reason}. Fix the file or point PREFECT_HOME elsewhere.`,
    );
  }
  const profiles = (doc.profiles ?? {}) as Record<string, Record<string, unknown>>;
  const name = env.PREFECT_PROFILE || (typeof doc.active === 'string' ? doc.active : undefined);
  if (!name) return undefined;
  const table = profiles[name];
  if (!table) {
    if (env.PREFECT_PROFILE) {
      throw new ProfileError(
        `PREFECT_PROFILE is "${name}" but ${path} has no [profiles.${name}] table (profiles: ${Object.keys(profiles).join(', ') || 'none'}).`,
      );
    }
    return { name, path, settings: {} };
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(table)) {
    if (value !== undefined && value !== null && typeof value !== 'object') settings[key] = String(value);
  }
  return { name, path, settings };
}
