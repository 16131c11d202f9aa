/**
 * From what the trigger hands the function (a body and `context.triggerMetadata`) to one message per Service Bus
 * delivery: the body as bytes (or why it cannot be had losslessly) and the delivery facts.
 */
import { formatFromContentType, sniffFormat } from '../context/detectFormat';
import type { DataverseClaims, DeliveryFacts } from '../routing/event';

/** The claim-property prefix Dataverse uses. */
export const CLAIM_PREFIX = 'http://schemas.microsoft.com/xrm/2011/Claims/';

/** How the body reached the function. */
export type BodyForm = 'bytes' | 'string' | 'object' | 'none';

/** A body read: bytes to decode, or the reason none can be had (with whatever bytes exist, to park). */
export type BodyRead =
  | { ok: true; bytes: Uint8Array; form: BodyForm; warning?: string }
  | { ok: false; code: 'BODY_NOT_BINARY' | 'UNSUPPORTED_BODY'; reason: string; form: BodyForm; bytes: Uint8Array };

/** One message of a delivery. */
export interface IncomingMessage {
  body: BodyRead;
  facts: DeliveryFacts;
}

type Metadata = Readonly<Record<string, unknown>> | undefined;

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));

function claim(props: Readonly<Record<string, unknown>>, name: string): string | null {
  return text(props[`${CLAIM_PREFIX}${name}`]);
}

/** The Dataverse claims of a message's application properties. @example `claimsOf(props).organization` */
export function claimsOf(props: Readonly<Record<string, unknown>>): DataverseClaims {
  return {
    organization: claim(props, 'Organization'),
    user: claim(props, 'User'),
    initiatingUser: claim(props, 'InitiatingUser'),
    entityLogicalName: claim(props, 'EntityLogicalName'),
    requestName: claim(props, 'RequestName'),
    initiatingUserAgent: claim(props, 'InitiatingUserAgent'),
  };
}

function asRecord(v: unknown): Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The truncation flag: Dataverse sends Boolean `true`; the trigger may deliver it as `true` or `"true"`. */
function isTruncated(props: Readonly<Record<string, unknown>>): boolean {
  const v = props['MessageMaxSizeExceeded'] ?? props['messageMaxSizeExceeded'];
  return v === true || (typeof v === 'string' && v.trim().toLowerCase() === 'true');
}

/**
 * The delivery facts from trigger metadata (single dispatch), or from the `…Array` keys at `index` (batch).
 * IDs are coerced with `String()`: the Node library JSON-parses metadata strings, so an all-digit id arrives as a number.
 *
 * @example
 * ```ts
 * const facts = deliveryFacts({ messageId: 'abc', deliveryCount: 1, contentType: 'application/json', applicationProperties: {} });
 * ```
 */
export function deliveryFacts(metadata: Metadata, index?: number): DeliveryFacts {
  const m = metadata ?? {};
  const get = (key: string): unknown => {
    if (index === undefined) return m[key];
    const arr = m[`${key}Array`];
    return Array.isArray(arr) ? arr[index] : undefined;
  };
  const props = asRecord(get('applicationProperties') ?? get('userProperties'));
  const count = Number(get('deliveryCount'));
  return {
    messageId: text(get('messageId')) ?? '(none)',
    deliveryCount: Number.isFinite(count) && count > 0 ? count : 1,
    enqueuedTimeUtc: text(get('enqueuedTimeUtc')),
    correlationId: text(get('correlationId')),
    contentType: text(get('contentType')),
    claims: claimsOf(props),
    truncated: isTruncated(props),
    applicationProperties: props,
  };
}

const utf8 = new TextEncoder();

function expectsBinary(contentType: string | null, asText: string): boolean | undefined {
  try {
    const format = formatFromContentType(contentType);
    if (format !== undefined) return format === 'binary';
  } catch {
    return undefined; // an unsupported content type: the decoder reports it
  }
  return sniffFormat(utf8.encode(asText.slice(0, 8))) === 'binary' || !/^\s*[<{]/.test(asText);
}

/**
 * The body as bytes. `Buffer`/`Uint8Array` (`dataType: 'binary'`) is lossless. A string is accepted for the text
 * formats (JSON, XML): the host decoded it as strict UTF-8, so re-encoding gives the same bytes. A string for
 * `application/msbin1` is refused: the host's fallback decode replaced invalid bytes with U+FFFD, and they cannot be
 * recovered. An already-parsed object (a JSON body without `dataType: 'binary'`) is re-serialized: lossless for the
 * model except integers beyond 2^53, which the host's `JSON.parse` already rounded.
 *
 * @example
 * ```ts
 * readBody(Buffer.from('{"MessageName":"Create"}'), 'application/json'); // { ok: true, form: 'bytes', ... }
 * ```
 */
export function readBody(body: unknown, contentType: string | null): BodyRead {
  if (body instanceof Uint8Array) return { ok: true, bytes: body, form: 'bytes' };
  if (body instanceof ArrayBuffer) return { ok: true, bytes: new Uint8Array(body), form: 'bytes' };
  if (typeof body === 'string') {
    const bytes = utf8.encode(body);
    if (expectsBinary(contentType, body) === true) {
      return {
        ok: false,
        code: 'BODY_NOT_BINARY',
        form: 'string',
        bytes,
        reason:
          'A .NET Binary XML body (application/msbin1) reached the function as text, so the host already replaced its non-UTF-8 bytes with U+FFFD and the original cannot be recovered. Register the trigger with dataType: \'binary\' (functions/*.ts do).',
      };
    }
    return body.includes('\uFFFD')
      ? { ok: true, bytes, form: 'string', warning: 'The text body contains U+FFFD: the host may have replaced invalid UTF-8 bytes; register the trigger with dataType: \'binary\'.' }
      : { ok: true, bytes, form: 'string' };
  }
  if (body === undefined) return { ok: false, code: 'UNSUPPORTED_BODY', form: 'none', bytes: new Uint8Array(), reason: 'The message has no body.' };
  // The Node library JSON-parsed a text body (no dataType: 'binary'): re-serialize it for the JSON decoder.
  try {
    return { ok: true, bytes: utf8.encode(JSON.stringify(body)), form: 'object', warning: 'The body arrived already parsed (the trigger lacks dataType: \'binary\'); integers beyond 2^53 may have been rounded by the host.' };
  } catch (cause) {
    return { ok: false, code: 'UNSUPPORTED_BODY', form: 'object', bytes: new Uint8Array(), reason: `The body is an object that cannot be serialized: ${String(cause)}` };
  }
}

/**
 * Splits what the trigger delivered into messages: one for `cardinality: 'one'`, one per element for `'many'`
 * (metadata from the `…Array` keys).
 *
 * @example
 * ```ts
 * const messages = incomingMessages([Buffer.from('{}'), Buffer.from('{}')], { messageIdArray: ['a', 'b'] });
 * ```
 */
export function incomingMessages(message: unknown, metadata: Metadata): IncomingMessage[] {
  const batch = Array.isArray(message) && (metadata?.['messageIdArray'] !== undefined || metadata?.['messageId'] === undefined);
  if (!batch) {
    const facts = deliveryFacts(metadata);
    return [{ body: readBody(message, facts.contentType), facts }];
  }
  return (message as unknown[]).map((body, i) => {
    const facts = deliveryFacts(metadata, i);
    return { body: readBody(body, facts.contentType), facts };
  });
}
