/**
 * Typed getters for the model, so handler code reads like plug-in code:
 * `getEntityReference(target, 'parentcustomerid')`, `getOptionSetValue(target, 'statuscode')`.
 *
 * Every getter takes an Entity, or `null`/`undefined` (an image the step did not register: `getMoney(event.preImage,
 * 'creditlimit')`), returns `undefined` when the attribute is absent or null, and throws an {@link AttributeTypeError}
 * (a `TypeError`) naming the attribute when it holds a value of another kind: the handler's assumption is wrong, and
 * the pipeline parks the message at once (redelivering it cannot change the value).
 */
import { AttributeTypeError } from './errors';
import type { Entity, EntityReference, RemoteExecutionContext, TypedValue, Value, ValueKind } from './model';

/** The {@link TypedValue} with the given `kind`. */
export type ValueOfKind<K extends ValueKind> = Extract<TypedValue, { kind: K }>;

/** `a Money`, `an OptionSetValue`. */
const withArticle = (noun: string): string => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

function describeValue(value: Value): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return withArticle(value.kind);
  return withArticle(typeof value);
}

/**
 * `value` when it is of `kind`, `undefined` when absent or null, else an {@link AttributeTypeError} naming what was
 * read (`label`: "Attribute account.name", "Parameter Amount").
 */
function valueAs<K extends ParameterKind>(value: Value | undefined, kind: K, label: () => string): ParameterOfKind<K> | undefined {
  if (value === undefined || value === null) return undefined;
  const matches = kind === 'array' ? Array.isArray(value) : kind === 'string' || kind === 'number' || kind === 'boolean' ? typeof value === kind : isKind(value, kind);
  if (matches) return value as ParameterOfKind<K>;
  throw new AttributeTypeError(`${label()} is ${describeValue(value)}, not ${withArticle(kind)}`);
}

/**
 * Whether a value is a typed value of the given kind.
 *
 * @example
 * ```ts
 * const target = context.inputParameters['Target'];
 * if (isKind(target, 'Entity')) console.log(target.logicalName);
 * ```
 */
export function isKind<K extends ValueKind>(value: unknown, kind: K): value is ValueOfKind<K> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === kind;
}

/**
 * The raw value of an attribute (`undefined` when the row does not carry it; `null` when it was cleared).
 *
 * @example
 * ```ts
 * if (getAttribute(target, 'telephone1') === null) console.log('phone number cleared');
 * ```
 */
export function getAttribute(entity: Entity | null | undefined, name: string): Value | undefined {
  if (entity === null || entity === undefined) return undefined;
  return Object.prototype.hasOwnProperty.call(entity.attributes, name) ? entity.attributes[name] : undefined;
}

/**
 * An attribute narrowed to a typed value kind.
 *
 * @example
 * ```ts
 * const owner = getTyped(target, 'ownerid', 'EntityReference'); // EntityReference | undefined
 * ```
 */
export function getTyped<K extends ValueKind>(entity: Entity | null | undefined, name: string, kind: K): ValueOfKind<K> | undefined {
  // ParameterOfKind<K> is ValueOfKind<K> for a ValueKind; TypeScript does not narrow a conditional type on a generic.
  return valueAs(getAttribute(entity, name), kind, () => `Attribute ${entity?.logicalName ?? '?'}.${name}`) as ValueOfKind<K> | undefined;
}

/**
 * A lookup attribute.
 *
 * @example
 * ```ts
 * const parent = getEntityReference(target, 'parentcustomerid');
 * if (parent?.logicalName === 'account') console.log(parent.id);
 * ```
 */
export function getEntityReference(entity: Entity | null | undefined, name: string): EntityReference | undefined {
  return getTyped(entity, name, 'EntityReference');
}

/**
 * A choice attribute's number.
 *
 * @example
 * ```ts
 * if (getOptionSetValue(target, 'statuscode') === 2) console.log('inactive');
 * ```
 */
export function getOptionSetValue(entity: Entity | null | undefined, name: string): number | undefined {
  return getTyped(entity, name, 'OptionSetValue')?.value;
}

/**
 * A currency attribute's amount.
 *
 * @example
 * ```ts
 * const revenue = getMoney(target, 'revenue') ?? 0;
 * ```
 */
export function getMoney(entity: Entity | null | undefined, name: string): number | undefined {
  return getTyped(entity, name, 'Money')?.value;
}

function getPrimitive<K extends 'string' | 'number' | 'boolean'>(entity: Entity | null | undefined, name: string, kind: K): ParameterOfKind<K> | undefined {
  return valueAs(getAttribute(entity, name), kind, () => `Attribute ${entity?.logicalName ?? '?'}.${name}`);
}

/**
 * A text (or GUID, or date) attribute as a string.
 *
 * @example
 * ```ts
 * const name = getString(target, 'name');
 * ```
 */
export function getString(entity: Entity | null | undefined, name: string): string | undefined {
  return getPrimitive(entity, name, 'string');
}

/**
 * A whole number, decimal or floating point attribute.
 *
 * @example
 * ```ts
 * const employees = getNumber(target, 'numberofemployees');
 * ```
 */
export function getNumber(entity: Entity | null | undefined, name: string): number | undefined {
  return getPrimitive(entity, name, 'number');
}

/**
 * A yes/no attribute.
 *
 * @example
 * ```ts
 * if (getBoolean(target, 'donotemail')) console.log('opted out');
 * ```
 */
export function getBoolean(entity: Entity | null | undefined, name: string): boolean | undefined {
  return getPrimitive(entity, name, 'boolean');
}

/**
 * A date and time attribute as a `Date` (the model keeps it as an ISO 8601 UTC string).
 *
 * @example
 * ```ts
 * const modifiedOn = getDate(target, 'modifiedon');
 * ```
 */
export function getDate(entity: Entity | null | undefined, name: string): Date | undefined {
  const text = getString(entity, name);
  if (text === undefined) return undefined;
  // The model's dates are ISO 8601 (`2024-05-01T10:00:00.000Z`); `new Date` alone would read "3" as March 2001.
  const date = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new AttributeTypeError(`Attribute ${entity?.logicalName ?? '?'}.${name} is not a date: "${text}"`);
  return date;
}

/**
 * The `Target` input parameter: an Entity for Create/Update, an EntityReference for Delete/Assign/SetState...,
 * `undefined` when the message has none (or Dataverse truncated the message).
 *
 * @example
 * ```ts
 * const target = getTarget(context);
 * if (isKind(target, 'Entity')) console.log(Object.keys(target.attributes));
 * ```
 */
export function getTarget(context: RemoteExecutionContext): Entity | EntityReference | undefined {
  const target = context.inputParameters['Target'];
  return isKind(target, 'Entity') || isKind(target, 'EntityReference') ? target : undefined;
}

/** The kinds {@link getParameter} reads: a typed value kind, a primitive, or `'array'` (`string[]`, `Guid[]`, ...). */
export type ParameterKind = ValueKind | 'string' | 'number' | 'boolean' | 'array';

/** What {@link getParameter} returns for a kind. */
export type ParameterOfKind<K extends ParameterKind> = K extends ValueKind
  ? ValueOfKind<K>
  : K extends 'string'
    ? string
    : K extends 'number'
      ? number
      : K extends 'boolean'
        ? boolean
        : readonly Value[];

/**
 * A message parameter (a custom action's input or output, `Target`, `Assignee`, `State`, ...) of the given kind, from
 * `context.inputParameters` or `context.outputParameters`: `undefined` when absent or null, an
 * {@link AttributeTypeError} when it holds another kind (the message is then parked, as for the other getters).
 *
 * @example
 * ```ts
 * const amount = getParameter(event.context.inputParameters, 'Amount', 'Money')?.value;
 * const assignee = getParameter(event.context.inputParameters, 'Assignee', 'EntityReference');
 * const discount = getParameter(event.context.outputParameters, 'Discount', 'number');
 * ```
 */
export function getParameter<K extends ParameterKind>(parameters: Readonly<Record<string, Value>>, name: string, kind: K): ParameterOfKind<K> | undefined {
  return valueAs(Object.prototype.hasOwnProperty.call(parameters, name) ? parameters[name] : undefined, kind, () => `Parameter ${name}`);
}
