/**
 * The app settings the CLI commands use: `local.settings.json` `Values`, overridden by the environment.
 */
import { readFile } from 'node:fs/promises';
import type { SettingsSource } from '../shared/settings';

/** The default location of the Functions local settings file: the current directory. */
export const LOCAL_SETTINGS_FILE = 'local.settings.json';

/**
 * Reads `Values` of a `local.settings.json`. A missing file gives an empty object (the environment may carry
 * everything); a malformed one throws an `Error` naming the file.
 *
 * @example
 * ```ts
 * const values = await readLocalSettings(); // { FUNCTIONS_WORKER_RUNTIME: 'node', ... }
 * ```
 */
export async function readLocalSettings(path: string = LOCAL_SETTINGS_FILE): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new Error(`${path} is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const values = (parsed as { Values?: unknown } | null)?.Values;
  if (values === undefined) return {};
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new Error(`${path}: "Values" must be an object`);
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}

/** Connections given either as one setting or as a family of `NAME__property` settings (identity-based). */
const CONNECTIONS = ['AUDIT_STORAGE', 'DATAVERSE_SERVICEBUS', 'AzureWebJobsStorage'];
/** The properties that say where an identity-based connection points (`__clientId` alone does not). */
const ENDPOINTS = ['tableServiceUri', 'serviceUri', 'accountName', 'fullyQualifiedNamespace', 'blobServiceUri', 'queueServiceUri'];

/** The connection a setting belongs to (`AUDIT_STORAGE` for `AUDIT_STORAGE__tableServiceUri`), if any. */
function connectionOf(key: string): string | undefined {
  return CONNECTIONS.find((name) => key === name || key.startsWith(`${name}__`));
}

/** The connection a setting points somewhere on its own (the connection string, or an endpoint property), if any. */
function connectionPointedBy(key: string): string | undefined {
  return CONNECTIONS.find((name) => key === name || ENDPOINTS.some((property) => key === `${name}__${property}`));
}

/**
 * The settings a command sees: `local.settings.json` `Values` with the environment on top (a variable that is set
 * wins, so `DATAVERSE_QUEUE=other npm run cli -- send ...` works as expected; a blank one does not count). A
 * connection the environment points somewhere (its connection string, or an endpoint such as `__tableServiceUri`)
 * replaces the file's whole connection, in either form: `AUDIT_STORAGE__tableServiceUri=https://…` in the
 * environment is used even when the file has `AUDIT_STORAGE=UseDevelopmentStorage=true`, so that a command meant
 * for production never acts on a local table.
 *
 * @example
 * ```ts
 * const env = await commandSettings({ file: 'local.settings.json' });
 * loadSettings(env);
 * ```
 */
export async function commandSettings(options: { file?: string; env?: SettingsSource } = {}): Promise<Record<string, string | undefined>> {
  const fromFile = await readLocalSettings(options.file);
  const env = options.env ?? process.env;
  const set = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== '');
  // Only a variable that says where to connect replaces the file's connection: a lone `__clientId` refines it.
  const fromEnvironment = new Set(set.map(([key]) => connectionPointedBy(key)).filter((name) => name !== undefined));
  const merged: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(fromFile)) {
    const connection = connectionOf(key);
    if (connection === undefined || !fromEnvironment.has(connection)) merged[key] = value;
  }
  for (const [key, value] of set) merged[key] = value;
  return merged;
}

/**
 * Sets the settings the environment does not have into `process.env`, as `func start` does with local.settings.json,
 * so that handlers read them as they would in the host (also at module load); returns what takes them away again.
 *
 * @example
 * ```ts
 * const restore = exposeSettingsToHandlers(await commandSettings());
 * try {
 *   const { handlerGroups } = await import('../handlers/index.js');
 * } finally {
 *   restore();
 * }
 * ```
 */
export function exposeSettingsToHandlers(settings: Readonly<Record<string, string | undefined>>): () => void {
  const added: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined || process.env[key] !== undefined) continue;
    process.env[key] = value;
    added.push(key);
  }
  return () => {
    for (const key of added) delete process.env[key];
  };
}
