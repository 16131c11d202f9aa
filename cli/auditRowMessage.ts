/**
 * A parked audit row back into a message: its kept body and the Service Bus properties it arrived with.
 */
import { CONTENT_TYPES } from '../shared/context/detectFormat';
import { rawBodyFromRow } from '../shared/audit/rawBody';
import type { AuditRow } from '../shared/audit/schema';
import type { ApplicationPropertyValue } from './sidecar';
import { DATAVERSE_PROPERTY, newMessageId, type MessageProperties } from './sidecar';

// The row keeps the properties as the trigger delivered them, and the Functions Node library lower-cases the first
// letter of every key: Dataverse's keys are restored so a re-sent message carries exactly what Dataverse set.
const DATAVERSE_KEYS = new Map(Object.values(DATAVERSE_PROPERTY).map((key) => [key.charAt(0).toLowerCase() + key.slice(1), key]));

/**
 * The application properties stored on a row (the listener keeps them as JSON), with Dataverse's own key casing
 * (`MessageMaxSizeExceeded`), or `{}`.
 *
 * @example
 * ```ts
 * applicationPropertiesOf(row)['MessageMaxSizeExceeded']; // true for a truncated message
 * ```
 */
export function applicationPropertiesOf(row: AuditRow): Record<string, ApplicationPropertyValue> {
  const columns = row as unknown as Record<string, unknown>;
  const text = columns['ApplicationProperties'] ?? columns['Claims'];
  if (typeof text !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed)
        .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
        .map(([k, v]) => [DATAVERSE_KEYS.get(k) ?? k, v]),
    ) as Record<string, ApplicationPropertyValue>;
  } catch {
    return {};
  }
}

/**
 * The body and properties of the message a row records, or `undefined` when the row kept no body (only parked and
 * dead-lettered rows do). The message id is new, as on any Dataverse re-post.
 *
 * @example
 * ```ts
 * const message = messageFromRow(await store.getRow(key));
 * if (message) await sender.sendMessages(toServiceBusMessage(message.body, message.properties));
 * ```
 */
export function messageFromRow(row: AuditRow): { body: Buffer; properties: MessageProperties } | undefined {
  const body = rawBodyFromRow(row);
  if (body === undefined) return undefined;
  const format = row.Format as keyof typeof CONTENT_TYPES | undefined;
  const contentType = row.ContentType ?? (format !== undefined && format in CONTENT_TYPES ? CONTENT_TYPES[format] : undefined) ?? 'application/json';
  return {
    body,
    properties: {
      contentType,
      correlationId: row.SbCorrelationId ?? (row.CorrelationId === undefined ? undefined : `{${row.CorrelationId}}`),
      messageId: newMessageId(),
      applicationProperties: applicationPropertiesOf(row),
    },
  };
}

/**
 * A row's address as the CLI prints it: `PartitionKey/RowKey` (`/` is never part of an audit key).
 *
 * @example
 * ```ts
 * rowAddress({ partitionKey: 'op|6420…', rowKey: 'nostep' }); // 'op|6420…/nostep'
 * ```
 */
export function rowAddress(key: { partitionKey: string; rowKey: string }): string {
  return `${key.partitionKey}/${key.rowKey}`;
}

/**
 * Parses a row address printed by {@link rowAddress}.
 *
 * @example
 * ```ts
 * parseRowAddress('op|6420…/nostep'); // { partitionKey: 'op|6420…', rowKey: 'nostep' }
 * ```
 */
export function parseRowAddress(text: string): { partitionKey: string; rowKey: string } | undefined {
  const slash = text.lastIndexOf('/');
  if (slash <= 0 || slash === text.length - 1) return undefined;
  return { partitionKey: text.slice(0, slash), rowKey: text.slice(slash + 1) };
}
