/**
 * The sidecar of a sample body: the Service Bus properties Dataverse set on the message, kept next to the body as
 * `<body file>.props.json`. The format is documented in `docs/samples.md`.
 */
import { z } from 'zod';

/** A Service Bus application-property value as a sidecar holds it. */
export type ApplicationPropertyValue = string | number | boolean | null;

/** A parsed, normalized sidecar. */
export interface Sidecar {
  /** `application/msbin1`, `application/json` or `application/xml`; `undefined` = derive from the body. */
  contentType: string | undefined;
  /** The correlation id as Dataverse sends it: a braced, lower-case GUID (`{…}`). */
  correlationId: string | undefined;
  /** A fixed message id; `undefined` = a new 32-hex id per send, as Dataverse does. */
  messageId: string | undefined;
  /** The delivery count the dev runner reports to the handler (default 1). */
  deliveryCount: number | undefined;
  /** The enqueued time the dev runner reports, ISO 8601 (default: now). */
  enqueuedTimeUtc: string | undefined;
  /** Application properties with their exact (case-sensitive) keys. */
  applicationProperties: Record<string, ApplicationPropertyValue>;
}

/** Thrown by {@link parseSidecar}; the message names the file and the key. */
export class SidecarError extends Error {
  public readonly code = 'INVALID_SIDECAR' as const;
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SidecarError';
  }
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;

/** Keys of a Functions `triggerMetadata` dump that a sidecar may carry and that are ignored (the broker assigns them). */
const IGNORED_KEYS = new Set([
  'lockToken', 'sequenceNumber', 'expiresAtUtc', 'expiresAt', 'enqueuedTime', 'replyTo', 'to', 'subject', 'label',
  'sessionId', 'replyToSessionId', 'partitionKey', 'transactionPartitionKey', 'deadLetterSource', 'state',
  'messageReceiver', 'messageSession', 'messageActions', 'sessionActions', 'receiveActions', 'client',
  'timeToLive', 'scheduledEnqueueTimeUtc',
]);

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const schema = z.strictObject({
  contentType: z.string().trim().min(1).optional(),
  correlationId: z.string().trim().min(1).optional(),
  messageId: z.union([z.string().trim().min(1).max(128), z.number().transform(String)]).optional(),
  deliveryCount: z.number().int().min(1).optional(),
  enqueuedTimeUtc: z.iso.datetime({ offset: true }).optional(),
  applicationProperties: z.record(z.string().min(1), propertyValue).optional(),
});

/** Lower-cases the first character, as the Functions Node library does to trigger metadata keys. */
const camelKey = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);

/**
 * Parses a sidecar's JSON text. Top-level keys may be camelCase or PascalCase, so a logged
 * `context.triggerMetadata` or a Service Bus Explorer export can be pasted in; `userProperties`/`properties` are
 * accepted for `applicationProperties`; broker-assigned keys (`lockToken`, `sequenceNumber`, …) and keys starting
 * with `$` are ignored. A correlation id that is a GUID is normalized to Dataverse's braced lower-case form.
 *
 * @param text - the sidecar's JSON text.
 * @param source - the file name, for error messages.
 * @throws {SidecarError} naming the file and the key that is wrong.
 * @example
 * ```ts
 * const sidecar = parseSidecar('{"contentType":"application/json","correlationId":"9C1D…"}', 'create-account.json.props.json');
 * sidecar.correlationId; // '{9c1d…}'
 * ```
 */
export function parseSidecar(text: string, source: string): Sidecar {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new SidecarError(`${source}: not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SidecarError(`${source}: must be a JSON object`);

  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    let name = camelKey(key);
    if (name === 'userProperties' || name === 'properties') name = 'applicationProperties';
    if (IGNORED_KEYS.has(name)) continue;
    if (name in picked) {
      // `applicationProperties` and `userProperties` both appear in trigger metadata with the same content.
      if (name === 'applicationProperties') continue;
      throw new SidecarError(`${source}: "${key}" is given twice (keys are not case-sensitive at the first letter)`);
    }
    picked[name] = value;
  }
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw new SidecarError(`${source}: ${where}: ${issue.message}`);
  }
  const data = parsed.data;
  const guid = data.correlationId === undefined ? null : GUID.exec(data.correlationId);
  return {
    contentType: data.contentType,
    correlationId: guid ? `{${guid[1]!.toLowerCase()}}` : data.correlationId,
    messageId: data.messageId,
    deliveryCount: data.deliveryCount,
    enqueuedTimeUtc: data.enqueuedTimeUtc === undefined ? undefined : new Date(data.enqueuedTimeUtc).toISOString(),
    applicationProperties: { ...(data.applicationProperties ?? {}) },
  };
}

/**
 * A sidecar as JSON text, in the documented shape (the inverse of {@link parseSidecar}).
 *
 * @example
 * ```ts
 * await writeFile('my-capture.bin.props.json', formatSidecar(sidecar));
 * ```
 */
export function formatSidecar(sidecar: Sidecar): string {
  const out: Record<string, unknown> = {};
  if (sidecar.contentType !== undefined) out['contentType'] = sidecar.contentType;
  if (sidecar.correlationId !== undefined) out['correlationId'] = sidecar.correlationId;
  if (sidecar.messageId !== undefined) out['messageId'] = sidecar.messageId;
  if (sidecar.deliveryCount !== undefined) out['deliveryCount'] = sidecar.deliveryCount;
  if (sidecar.enqueuedTimeUtc !== undefined) out['enqueuedTimeUtc'] = sidecar.enqueuedTimeUtc;
  out['applicationProperties'] = sidecar.applicationProperties;
  return `${JSON.stringify(out, null, 2)}\n`;
}
