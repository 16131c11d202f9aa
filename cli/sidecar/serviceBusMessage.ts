/**
 * The Service Bus message Dataverse would have sent: body bytes plus exactly its properties.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceBusMessage } from '@azure/service-bus';
import type { ApplicationPropertyValue } from './sidecar';

/** The broker properties and application properties of one message, resolved (no defaults left open). */
export interface MessageProperties {
  contentType: string;
  /** Braced lower-case GUID, as Dataverse sets it; `undefined` leaves it unset. */
  correlationId: string | undefined;
  /** 32 hex characters, as the old Service Bus SDK Dataverse uses generates it. */
  messageId: string;
  applicationProperties: Record<string, ApplicationPropertyValue>;
}

/**
 * A new message id in Dataverse's form: a GUID without dashes (`Guid.NewGuid().ToString("N")`).
 *
 * @example
 * ```ts
 * newMessageId(); // '3f2b9c0e5d6a4f1b8e7c9d0a1b2c3d4e'
 * ```
 */
export function newMessageId(): string {
  return randomUUID().replace(/-/g, '');
}

/**
 * The `ServiceBusMessage` to send for a body. The body is a `Buffer`, so the AMQP Data section carries exactly the
 * bytes (no JSON encoding by the SDK); nothing Dataverse leaves unset (subject, session id, partition key, TTL) is set.
 *
 * @example
 * ```ts
 * await sender.sendMessages(toServiceBusMessage(await readFile('samples/create-account.bin'), properties));
 * ```
 */
export function toServiceBusMessage(body: Uint8Array, properties: MessageProperties): ServiceBusMessage {
  const message: ServiceBusMessage = {
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    contentType: properties.contentType,
    messageId: properties.messageId,
    applicationProperties: { ...properties.applicationProperties },
  };
  if (properties.correlationId !== undefined) message.correlationId = properties.correlationId;
  return message;
}
