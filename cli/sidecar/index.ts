/**
 * Sidecars and message files: the Service Bus properties Dataverse sets, kept next to sample bodies, turned into a
 * `ServiceBusMessage` for `send` and into the host's trigger metadata for `dev`.
 */
export { DATAVERSE_PROPERTY } from './claims';
export { formatSidecar, parseSidecar, SidecarError } from './sidecar';
export type { ApplicationPropertyValue, Sidecar } from './sidecar';
export { sidecarFromContext } from './fromContext';
export { contentTypeFor, listMessageFiles, readMessageFile, SIDECAR_SUFFIX } from './messageFile';
export type { MessageFile } from './messageFile';
export { messagePropertiesFor } from './messageProperties';
export { newMessageId, toServiceBusMessage } from './serviceBusMessage';
export type { MessageProperties } from './serviceBusMessage';
export { toTriggerMetadata } from './triggerMetadata';
export type { Delivery } from './triggerMetadata';
