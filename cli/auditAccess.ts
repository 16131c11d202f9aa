/**
 * How the CLI reaches the audit table: the listener's settings (`AUDIT_STORAGE`, `AUDIT_TABLE_NAME`, ...) from
 * `local.settings.json` and the environment, or flags; with a quick reachability check for local endpoints so a
 * missing Azurite is reported at once instead of after the SDK's retries.
 */
import { connect } from 'node:net';
import { loadSettings, SETTING, type Settings } from '../shared/settings';

/** Overrides from the command line. */
export interface AuditFlags {
  /** A storage connection string (`--audit-connection`). */
  connection?: string | undefined;
  /** A table name (`--table`). */
  table?: string | undefined;
}

/**
 * The audit part of the settings. Only the audit settings are read, so a half-configured Service Bus side does not
 * stop an operator from reading the audit table.
 *
 * @throws {import('../shared/settings').SettingsError} naming the wrong setting.
 * @example
 * ```ts
 * const audit = auditSettingsFrom(await commandSettings(), { table: 'DataverseAudit' });
 * const store = createAuditStore(audit);
 * ```
 */
export function auditSettingsFrom(settings: Readonly<Record<string, string | undefined>>, flags: AuditFlags = {}): Pick<Settings, 'audit'> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (key.startsWith('AUDIT_') || key.startsWith(SETTING.hostStorage)) env[key] = value;
  }
  if (flags.connection !== undefined) {
    for (const key of Object.keys(env)) if (key.startsWith(SETTING.auditConnection)) delete env[key];
    env[SETTING.auditConnection] = flags.connection;
  }
  if (flags.table !== undefined) env[SETTING.auditTable] = flags.table;
  return { audit: loadSettings(env).audit };
}

/**
 * The host and port of a connection string's table endpoint when it is on this machine (Azurite), else `undefined`.
 *
 * @example
 * ```ts
 * localTableEndpoint('UseDevelopmentStorage=true'); // { host: '127.0.0.1', port: 10002 }
 * ```
 */
export function localTableEndpoint(connectionString: string): { host: string; port: number } | undefined {
  if (/^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(connectionString)) return { host: '127.0.0.1', port: 10002 };
  const endpoint = /TableEndpoint=([^;]+)/i.exec(connectionString)?.[1];
  if (endpoint === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (!['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(url.hostname)) return undefined;
  return { host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)) };
}

/**
 * Whether something accepts TCP connections at `host:port` (answers within `timeoutMs`).
 *
 * @example
 * ```ts
 * if (!(await isListening('127.0.0.1', 10002))) console.log('Azurite is not running');
 * ```
 */
export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A message for an audit connection on this machine that nothing listens on, or `undefined` when it is fine
 * (or remote).
 *
 * @example
 * ```ts
 * const problem = await unreachableLocalAudit(audit);
 * if (problem) { io.stderr(problem); return 1; }
 * ```
 */
export async function unreachableLocalAudit(settings: Pick<Settings, 'audit'>): Promise<string | undefined> {
  const connection = settings.audit.connection;
  if (connection.kind !== 'connectionString') return undefined;
  const local = localTableEndpoint(connection.connectionString);
  if (local === undefined || (await isListening(local.host, local.port))) return undefined;
  return `Nothing listens at ${local.host}:${local.port}, where ${connection.source} points (Azurite's table service).\n` +
    `Start one with "npx azurite-table --inMemoryPersistence" in another terminal, or give --audit-connection.\n`;
}
