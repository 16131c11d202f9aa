/**
 * The event a handler receives: the decoded context, with the parts a Dataverse developer reaches for first
 * (Target, images, changed attributes) and the Service Bus delivery facts. Plain data: no Service Bus or Functions
 * types, so a handler can be tested with a fixture alone.
 */
import type { Entity, EntityReference, RemoteExecutionContext, Value, WireFormat } from '../context/model';

/** The Dataverse claim properties of the message (`http://schemas.microsoft.com/xrm/2011/Claims/<X>`). */
export interface DataverseClaims {
  organization: string | null;
  user: string | null;
  initiatingUser: string | null;
  entityLogicalName: string | null;
  requestName: string | null;
  initiatingUserAgent: string | null;
}

/** What Service Bus said about this delivery. */
export interface DeliveryFacts {
  messageId: string;
  /** 1 on the first delivery; grows with each redelivery of the same message. */
  deliveryCount: number;
  enqueuedTimeUtc: string | null;
  /** The broker CorrelationId (Dataverse sets the context's CorrelationId, braced). */
  correlationId: string | null;
  contentType: string | null;
  claims: DataverseClaims;
  /** Dataverse dropped InputParameters, images and ParentContext because the message exceeded 192 KB. */
  truncated: boolean;
  /** Every application property, as the trigger delivered them. */
  applicationProperties: Readonly<Record<string, unknown>>;
}

/** A logger bound to the invocation and the handler. */
export interface HandlerLogger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** One attribute in Target: its value before (from a pre image, when one has it) and after. */
export interface AttributeChange {
  /** `undefined` when no pre image holds the attribute (Create, or an image that does not list it). */
  before: Value | undefined;
  after: Value;
}

/** The event passed to a handler. */
export interface DataverseEvent {
  readonly handlerName: string;
  readonly context: RemoteExecutionContext;
  readonly format: WireFormat;
  readonly messageName: string;
  /** `PrimaryEntityName`. */
  readonly entityName: string;
  /** `PrimaryEntityId` (`null` only for a body that lacks it; Dataverse always sends it). */
  readonly recordId: string | null;
  readonly stage: number;
  /** 0 synchronous, 1 asynchronous (`null` when the body lacks it). */
  readonly mode: number | null;
  /** 1 for a user's operation, more when a plug-in caused it (`null` when the body lacks it). */
  readonly depth: number | null;
  /** `InputParameters.Target`: an Entity (Create, Update) or an EntityReference (Delete, Assign, ...); `null` if absent or truncated. */
  readonly target: Entity | EntityReference | null;
  readonly preImages: Readonly<Record<string, Entity>>;
  readonly postImages: Readonly<Record<string, Entity>>;
  /** The pre image named `PreImage`, else the only/first one, else `null`. */
  readonly preImage: Entity | null;
  /** The post image named `PostImage`, else the only/first one, else `null`. */
  readonly postImage: Entity | null;
  /** The attributes in Target with their before/after values (empty when Target is not an Entity). */
  readonly changedAttributes: Readonly<Record<string, AttributeChange>>;
  /** True when any of `names` is in Target. */
  changed(...names: string[]): boolean;
  readonly delivery: DeliveryFacts;
  readonly log: HandlerLogger;
}

function pickImage(images: Readonly<Record<string, Entity>>, preferred: string): Entity | null {
  return images[preferred] ?? Object.values(images)[0] ?? null;
}

function targetOf(context: RemoteExecutionContext): Entity | EntityReference | null {
  const target = context.inputParameters['Target'];
  if (typeof target === 'object' && target !== null && !Array.isArray(target) && (target.kind === 'Entity' || target.kind === 'EntityReference')) return target;
  return null;
}

/**
 * The changed attributes of a context: every attribute in an Entity Target, with the value a pre image had.
 *
 * @example
 * ```ts
 * changedAttributesOf(context).name; // { before: 'Old name', after: 'New name' }
 * ```
 */
export function changedAttributesOf(context: RemoteExecutionContext): Record<string, AttributeChange> {
  const target = targetOf(context);
  if (target === null || target.kind !== 'Entity') return {};
  const images = Object.values(context.preEntityImages);
  const changes: Record<string, AttributeChange> = {};
  for (const [name, after] of Object.entries(target.attributes)) {
    const image = images.find((i) => Object.hasOwn(i.attributes, name));
    changes[name] = { before: image === undefined ? undefined : image.attributes[name], after };
  }
  return changes;
}

/**
 * Builds the event one handler receives.
 *
 * @example
 * ```ts
 * const event = buildEvent({ handlerName: 'account.welcome', context, format: 'json', delivery, log: console });
 * event.changed('name');
 * ```
 */
export function buildEvent(init: { handlerName: string; context: RemoteExecutionContext; format: WireFormat; delivery: DeliveryFacts; log: HandlerLogger }): DataverseEvent {
  const { context } = init;
  const changedAttributes = changedAttributesOf(context);
  return {
    handlerName: init.handlerName,
    context,
    format: init.format,
    messageName: context.messageName,
    entityName: context.primaryEntityName,
    recordId: context.primaryEntityId,
    stage: context.stage,
    mode: context.mode,
    depth: context.depth,
    target: targetOf(context),
    preImages: context.preEntityImages,
    postImages: context.postEntityImages,
    preImage: pickImage(context.preEntityImages, 'PreImage'),
    postImage: pickImage(context.postEntityImages, 'PostImage'),
    changedAttributes,
    changed: (...names: string[]) => names.some((n) => Object.hasOwn(changedAttributes, n)),
    delivery: init.delivery,
    log: init.log,
  };
}
