/**
 * The properties to send (or hand the handler) for a message file: its sidecar's, or what Dataverse would have set.
 */
import { safeDecodeContext } from '../../shared/context/decodeContext';
import { sidecarFromContext } from './fromContext';
import type { MessageFile } from './messageFile';
import { newMessageId, type MessageProperties } from './serviceBusMessage';

/**
 * Resolves a message file's properties. With a sidecar, its values are used as they are (a missing `messageId` gets
 * a fresh 32-hex id, as every Dataverse send does). Without one, the body is decoded and the properties Dataverse
 * sets are derived from the context (see `sidecarFromContext`); a body that does not decode gets no claims.
 *
 * @example
 * ```ts
 * const properties = messagePropertiesFor(await readMessageFile('samples/create-account.json'));
 * properties.correlationId; // '{…}'
 * ```
 */
export function messagePropertiesFor(message: MessageFile): MessageProperties {
  let sidecar = message.sidecar;
  if (sidecar === undefined) {
    const decoded = safeDecodeContext(message.body, message.contentType);
    if (decoded.success) sidecar = sidecarFromContext(decoded.data.context, decoded.data.format);
  }
  return {
    contentType: message.contentType,
    correlationId: sidecar?.correlationId,
    messageId: sidecar?.messageId ?? newMessageId(),
    applicationProperties: { ...(sidecar?.applicationProperties ?? {}) },
  };
}
