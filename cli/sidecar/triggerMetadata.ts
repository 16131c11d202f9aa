/**
 * The `context.triggerMetadata` the Functions host hands a Service Bus triggered function, built from a message's
 * properties the way the host and the Node library build it (see `shared/reference/functions.md` §1.3).
 */
import { randomUUID } from 'node:crypto';
import type { MessageProperties } from './serviceBusMessage';

/** What the broker adds on delivery. */
export interface Delivery {
  /** 1 on the first delivery. */
  deliveryCount: number;
  enqueuedTimeUtc: Date;
  sequenceNumber: number;
}

const TIME_TO_LIVE_MS = 14 * 24 * 3600_000;

/** Lower-cases the first character of each key, recursively: the Node library's `toCamelCase`. */
function camelCased(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(camelCased);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelCased(v)]));
}

/** The Node library parses string metadata as JSON when it can (so an all-digit message id arrives as a number). */
function tryJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The camelCase trigger metadata for one message: `messageId`, `contentType`, `correlationId`, `deliveryCount`,
 * `enqueuedTimeUtc` (ISO string), `applicationProperties` and its back-compat twin `userProperties`, plus the
 * broker's `lockToken`, `sequenceNumber` and `expiresAtUtc`. Nested keys get the library's first-letter
 * lower-casing too, so `MessageMaxSizeExceeded` arrives as `messageMaxSizeExceeded`, while the
 * `http://schemas.microsoft.com/xrm/2011/Claims/...` keys are unchanged.
 *
 * @example
 * ```ts
 * const context = new InvocationContext({ functionName: 'dataverseQueue', triggerMetadata: toTriggerMetadata(properties, { deliveryCount: 1, enqueuedTimeUtc: new Date(), sequenceNumber: 1 }) });
 * ```
 */
export function toTriggerMetadata(properties: MessageProperties, delivery: Delivery): Record<string, unknown> {
  const enqueued = delivery.enqueuedTimeUtc.getTime();
  // The host's PascalCase binding data (ServiceBusTriggerBindingStrategy.GetBindingData), single dispatch.
  const host: Record<string, unknown> = {
    DeliveryCount: delivery.deliveryCount,
    LockToken: randomUUID(),
    ExpiresAtUtc: new Date(enqueued + TIME_TO_LIVE_MS).toISOString(),
    EnqueuedTimeUtc: new Date(enqueued).toISOString(),
    MessageId: properties.messageId,
    ContentType: properties.contentType,
    SequenceNumber: delivery.sequenceNumber,
    ApplicationProperties: properties.applicationProperties,
    UserProperties: properties.applicationProperties,
  };
  if (properties.correlationId !== undefined) host['CorrelationId'] = properties.correlationId;
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(host)) {
    metadata[key.charAt(0).toLowerCase() + key.slice(1)] = camelCased(typeof value === 'string' ? tryJsonParse(value) : structuredClone(value));
  }
  return metadata;
}
