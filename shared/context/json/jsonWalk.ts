/**
 * The state of one walk over a parsed DCJS body: where we are (for error paths), how deep we are (for the depth
 * limit), and the checked readers of primitive members. The mapping functions share one instance per body.
 */
import { DecodeError, type DecodeErrorCode } from '../errors';
import { limitExceeded, type DecodeLimits } from '../limits';
import type { Guid, IsoDate } from '../model';
import { MAX_DATE_MS, MIN_DATE_MS, normalizeGuid, truncateForMessage } from '../values';
import { fastGuid } from './fastGuid';
import { fastIsoFromUnixMs } from './fastIsoDate';
import { dcjsDateMs } from './dcjsDate';

/** A parsed JSON object (the output of `JSON.parse`), read member by member. */
export type JsonObject = { readonly [member: string]: unknown };

/** Whether a parsed JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a parsed JSON value for error messages. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string "${truncateForMessage(value, 40)}"`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

/**
 * Walk state and primitive readers.
 *
 * The path is a stack of segments pushed and popped around nested values, so building it costs nothing until an
 * error needs it. Leaf readers take the member name and add it only to the error path.
 *
 * @example
 * ```ts
 * const walk = new JsonWalk(DEFAULT_DECODE_LIMITS);
 * walk.guid('6420F0CC-916B-EE11-9AE6-000D3A688809', 'UserId'); // '6420f0cc-916b-ee11-9ae6-000d3a688809'
 * ```
 */
export class JsonWalk {
  /** Member names and array indices from the root to the value being read. */
  private readonly segments: (string | number)[] = [];
  /** JSON nesting depth of the container being read (the root object is 1). */
  public depth = 0;
  public readonly maxDepth: number;
  public readonly maxArrayLength: number;
  public readonly maxStringLength: number;

  public constructor(limits: DecodeLimits) {
    this.maxDepth = limits.maxDepth;
    this.maxArrayLength = limits.maxArrayLength;
    this.maxStringLength = limits.maxStringLength;
  }

  /** Steps into a member or array item. */
  public push(segment: string | number): void {
    this.segments.push(segment);
  }

  /** Steps back out of the last {@link push}. */
  public pop(): void {
    this.segments.pop();
  }

  /** Enters `levels` JSON containers; fails past the depth limit. */
  public enter(levels: number, leaf?: string): void {
    this.depth += levels;
    if (this.depth > this.maxDepth) throw limitExceeded('maxDepth', this.maxDepth, this.path(leaf));
  }

  /** Leaves `levels` JSON containers. */
  public leave(levels: number): void {
    this.depth -= levels;
  }

  /** Fails when an array is longer than the limit. */
  public checkArray(length: number, leaf?: string): void {
    if (length > this.maxArrayLength) throw limitExceeded('maxArrayLength', this.maxArrayLength, this.path(leaf));
  }

  /** The dotted path of the current position, plus an optional leaf member: `InputParameters.Target.Id`. */
  public path(leaf?: string | number): string {
    let text = '';
    const all = leaf === undefined ? this.segments : [...this.segments, leaf];
    for (const segment of all) {
      if (typeof segment === 'number') text += `[${segment}]`;
      else text += text === '' ? segment : `.${segment}`;
    }
    return text;
  }

  /** A {@link DecodeError} at the current position (plus `leaf`). */
  public error(code: DecodeErrorCode, message: string, leaf?: string | number): DecodeError {
    return new DecodeError(code, message, { path: this.path(leaf) });
  }

  /** A wrong-type error for member `leaf`. */
  public wrongType(wanted: string, value: unknown, leaf?: string | number): DecodeError {
    return this.error('INVALID_VALUE', `Expected ${wanted}, got ${describeJson(value)}`, leaf);
  }

  /** A checked string (or `null` when missing/null). */
  public string(value: unknown, leaf?: string): string | null {
    if (typeof value === 'string') {
      if (value.length > this.maxStringLength) throw limitExceeded('maxStringLength', this.maxStringLength, this.path(leaf));
      return value;
    }
    if (value === null || value === undefined) return null;
    throw this.wrongType('a string', value, leaf);
  }

  /** A checked integer (or `null`). */
  public int(value: unknown, leaf: string): number | null {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (value === null || value === undefined) return null;
    throw this.wrongType('an integer', value, leaf);
  }

  /** A checked number (or `null`). */
  public number(value: unknown, leaf: string): number | null {
    if (typeof value === 'number') return value;
    if (value === null || value === undefined) return null;
    throw this.wrongType('a number', value, leaf);
  }

  /** A checked boolean (or `null`). */
  public boolean(value: unknown, leaf: string): boolean | null {
    if (typeof value === 'boolean') return value;
    if (value === null || value === undefined) return null;
    throw this.wrongType('a boolean', value, leaf);
  }

  /** A GUID in the model's form (or `null`). */
  public guid(value: unknown, leaf: string): Guid | null {
    if (typeof value === 'string') {
      const fast = fastGuid(value);
      if (fast !== undefined) return fast;
      try {
        return normalizeGuid(value, '');
      } catch {
        // The path is built only now: normalizeGuid would need it on every call otherwise.
        throw this.error('INVALID_VALUE', `"${truncateForMessage(value)}" is not a GUID`, leaf);
      }
    }
    if (value === null || value === undefined) return null;
    throw this.wrongType('a GUID string', value, leaf);
  }

  /** Unix milliseconds as a model date, failing with the path when outside the .NET range. */
  public isoDate(ms: number, leaf?: string | number): IsoDate {
    if (ms >= MIN_DATE_MS && ms <= MAX_DATE_MS) return fastIsoFromUnixMs(ms);
    throw this.error('INVALID_VALUE', `Date ${String(ms)} ms is outside the .NET DateTime range`, leaf);
  }

  /** A `/Date(ms)/` member as a model date (or `null`). */
  public date(value: unknown, leaf: string): IsoDate | null {
    if (typeof value === 'string') {
      const ms = dcjsDateMs(value);
      if (ms === undefined) throw this.wrongType('a "/Date(ms)/" date', value, leaf);
      return this.isoDate(ms, leaf);
    }
    if (value === null || value === undefined) return null;
    throw this.wrongType('a "/Date(ms)/" date', value, leaf);
  }
}
