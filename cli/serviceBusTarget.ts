/**
 * Where `send` (and `replay --to-servicebus`) sends: a Service Bus connection and a queue or topic, from flags, the
 * environment or `local.settings.json`, with the same setting names the listener reads.
 */
import { SETTING } from '../shared/settings';

/** How to reach the namespace. */
export type ServiceBusConnectionSpec =
  | { kind: 'connectionString'; connectionString: string; source: string }
  | { kind: 'identity'; fullyQualifiedNamespace: string; clientId: string | undefined; source: string };

/** A resolved destination. */
export interface ServiceBusTarget {
  connection: ServiceBusConnectionSpec;
  /** The queue or topic name messages are sent to. */
  entity: string;
  entityKind: 'queue' | 'topic';
}

/** Flags that override the settings. */
export interface TargetFlags {
  connection?: string | undefined;
  queue?: string | undefined;
  topic?: string | undefined;
}

const text = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * Resolves the destination, or returns a message saying which setting or flag is missing.
 *
 * @example
 * ```ts
 * const target = resolveServiceBusTarget({ queue: 'dataverse' }, await commandSettings());
 * if (typeof target === 'string') throw new Error(target);
 * ```
 */
export function resolveServiceBusTarget(flags: TargetFlags, settings: Readonly<Record<string, string | undefined>>): ServiceBusTarget | string {
  const name = SETTING.serviceBusConnection;
  let connection: ServiceBusConnectionSpec | undefined;
  const flag = text(flags.connection);
  const fqns = text(settings[`${name}__fullyQualifiedNamespace`]);
  if (flag !== undefined) {
    connection = /Endpoint=/i.test(flag)
      ? { kind: 'connectionString', connectionString: flag, source: '--connection' }
      : { kind: 'identity', fullyQualifiedNamespace: flag, clientId: undefined, source: '--connection' };
  } else if (text(settings[name]) !== undefined) {
    connection = { kind: 'connectionString', connectionString: text(settings[name])!, source: name };
  } else if (fqns !== undefined) {
    connection = { kind: 'identity', fullyQualifiedNamespace: fqns, clientId: text(settings[`${name}__clientId`]), source: `${name}__fullyQualifiedNamespace` };
  }
  if (connection === undefined) {
    return `No Service Bus connection: give --connection, or set ${name} (connection string) or ${name}__fullyQualifiedNamespace in the environment or local.settings.json`;
  }
  if (flags.queue !== undefined && flags.topic !== undefined) return 'Give --queue or --topic, not both';
  const queue = text(flags.queue) ?? (flags.topic === undefined ? text(settings[SETTING.queue]) : undefined);
  const topic = text(flags.topic) ?? (queue === undefined ? text(settings[SETTING.topic]) : undefined);
  if (queue !== undefined) return { connection, entity: queue, entityKind: 'queue' };
  if (topic !== undefined) return { connection, entity: topic, entityKind: 'topic' };
  return `No queue or topic: give --queue NAME or --topic NAME, or set ${SETTING.queue} or ${SETTING.topic}`;
}

/**
 * A connection for display: the endpoint, never the key.
 *
 * @example
 * ```ts
 * describeConnection(target.connection); // 'sb://localhost (DATAVERSE_SERVICEBUS)'
 * ```
 */
export function describeConnection(connection: ServiceBusConnectionSpec): string {
  if (connection.kind === 'identity') return `${connection.fullyQualifiedNamespace} (identity, ${connection.source})`;
  const endpoint = /Endpoint=([^;]+)/i.exec(connection.connectionString)?.[1] ?? '(no endpoint)';
  return `${endpoint} (${connection.source})`;
}
