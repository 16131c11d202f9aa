/**
 * Large JSON bodies that are large because of a few long strings (a note's text, a serialized payload in a shared
 * variable), cut so that no JavaScript string longer than the body's long strings themselves is ever made.
 *
 * Why: V8 puts any string over 128 KB (64 K characters when two-byte) in its large-object space, at about 130 µs
 * extra, and a body with one CJK character anywhere decodes to a two-byte text twice its length. So instead of one
 * text for the whole body, each long string token is decoded on its own, and `JSON.parse` reads a small skeleton in
 * which every long token is replaced by a placeholder; {@link restoreLongStrings} puts the values back.
 *
 * Why it gives exactly the plain result: the cuts are at quote bytes, which never occur inside a UTF-8 sequence, so
 * the body is valid UTF-8 exactly when every piece is. Quotes are paired from the start honouring backslash escapes,
 * as a JSON parser pairs them in any valid document; so when the skeleton parses, the parser reaches each long token
 * in the state in which it read its placeholder, and each token (parsed alone, quotes included) is one JSON string.
 * Placeholders are `"\u0000<index>"`; the skeleton is refused when it holds any other `\u0000`, so no string of the
 * body can pass for one. Anything unexpected (bad UTF-8, a token or skeleton that does not parse, a dense body)
 * returns `undefined`, and the caller takes the plain path, which reports the error exactly as always.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { jsonText } from './jsonText';

/**
 * Bodies below this size never reach the large-object cliff (a two-byte text of 64 K characters needs 64 KB). Only
 * bodies with non-ASCII bytes are cut: an ASCII body's text is one byte a character, and its plain path is as fast.
 */
export const LARGE_BODY_BYTES = 64 * 1024;
/** A string token this long (bytes between its quotes) is decoded on its own. */
export const LONG_STRING_BYTES = 4 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
/** The placeholder text is `"\u0000<index>"`; `\u0000` may occur nowhere else in the skeleton. */
const MARK = Buffer.from('\\u0000', 'latin1');
/**
 * Quotes (escaped ones included) allowed before the density check starts, and the least mean distance between quotes
 * after that: each quote costs a search, and a body dense with them (many short strings, or long strings full of
 * `\"`) would cost more to cut than the cliff it avoids.
 */
const FREE_QUOTES = 512;
const MIN_QUOTE_DISTANCE = 32;

/** A large body cut into its long string values and the JSON text of the rest. */
export interface LongStringBody {
  /** The body's JSON text with each long string replaced by a placeholder (restore with {@link restoreLongStrings}). */
  readonly skeleton: string;
  /** The long strings, in body order: placeholder `i` stands for `values[i]`. */
  readonly values: readonly string[];
}

/**
 * Cuts a large body around its long string tokens, or `undefined` when the plain path should decode it (a small,
 * ASCII or dense body, no long string, bad UTF-8, a token that is not a valid JSON string, or a body with `\u0000`
 * of its own).
 *
 * @example
 * ```ts
 * const cut = splitLongStrings(body);
 * if (cut !== undefined) root = restoreLongStrings(JSON.parse(cut.skeleton), cut.values);
 * ```
 */
export function splitLongStrings(body: Buffer): LongStringBody | undefined {
  if (body.length < LARGE_BODY_BYTES || typeof transcode !== 'function' || isAscii(body)) return undefined;
  const spans = findLongStrings(body);
  if (spans === undefined || spans.length === 0) return undefined;
  const values: string[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const value = stringValue(body.subarray(spans[i] as number, spans[i + 1] as number));
    if (value === undefined) return undefined;
    values.push(value);
  }
  const skeletonBytes = skeletonOf(body, spans);
  if (countMarks(skeletonBytes) !== values.length) return undefined;
  let skeleton: string;
  // The skeleton's bytes are the body's outside the long strings: bad UTF-8 there is left to the plain path.
  try {
    skeleton = jsonText(skeletonBytes);
  } catch {
    return undefined;
  }
  return { skeleton, values };
}

/**
 * The spans `[start, end, start, end, …]` (opening quote, one past the closing quote) of the long string values.
 * `undefined` for an unterminated string or a body dense with quotes.
 */
function findLongStrings(body: Buffer): number[] | undefined {
  const spans: number[] = [];
  let quotes = 0;
  let open = body.indexOf(QUOTE);
  while (open >= 0) {
    let close = body.indexOf(QUOTE, open + 1);
    quotes += 2;
    while (close >= 0 && isEscaped(body, close)) {
      if (++quotes > FREE_QUOTES + close / MIN_QUOTE_DISTANCE) return undefined;
      close = body.indexOf(QUOTE, close + 1);
    }
    if (close < 0 || quotes > FREE_QUOTES + close / MIN_QUOTE_DISTANCE) return undefined;
    // A long key stays in the skeleton: only values are put back.
    if (close - open - 1 >= LONG_STRING_BYTES && !isKey(body, close + 1)) spans.push(open, close + 1);
    open = body.indexOf(QUOTE, close + 1);
  }
  return spans;
}

/** Whether the quote at `at` is escaped: an odd run of backslashes before it (the opening quote stops the run). */
function isEscaped(body: Buffer, at: number): boolean {
  let before = at - 1;
  while (body[before] === BACKSLASH) before--;
  return ((at - 1 - before) & 1) === 1;
}

/** Whether the token that ends before `from` is a member name (the next non-space byte is `:`). */
function isKey(body: Buffer, from: number): boolean {
  let at = from;
  let byte = body[at];
  while (byte === SPACE || byte === LF || byte === CR || byte === TAB) byte = body[++at];
  return byte === COLON;
}

/** The value of one string token (quotes included), or `undefined` when it is not valid UTF-8 or not a JSON string. */
function stringValue(token: Buffer): string | undefined {
  let text: string;
  if (isAscii(token)) text = token.toString('latin1');
  else if (isUtf8(token)) text = transcode(token, 'utf8', 'utf16le').toString('utf16le');
  else return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The body's bytes with each span replaced by the placeholder `"\u0000<index>"`. */
function skeletonOf(body: Buffer, spans: readonly number[]): Buffer {
  const pieces: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < spans.length; i += 2) {
    pieces.push(body.subarray(from, spans[i]), Buffer.from(`"\\u0000${i >> 1}"`, 'latin1'));
    from = spans[i + 1] as number;
  }
  pieces.push(body.subarray(from));
  return Buffer.concat(pieces);
}

/** How many times `\u0000` occurs in the skeleton. */
function countMarks(skeleton: Buffer): number {
  let count = 0;
  for (let at = skeleton.indexOf(MARK); at >= 0; at = skeleton.indexOf(MARK, at + MARK.length)) count++;
  return count;
}

/**
 * Puts the long strings back in place of their placeholders in the parsed skeleton, and returns the root (itself
 * replaced when the whole body was one long string). Iterative: a deeply nested body must not overflow the stack.
 *
 * @example
 * ```ts
 * restoreLongStrings(JSON.parse('{"a":"\\u00000"}'), ['long text']); // { a: 'long text' }
 * ```
 */
export function restoreLongStrings(root: unknown, values: readonly string[]): unknown {
  if (typeof root === 'string') return placeholderValue(root, values) ?? root;
  let left = values.length;
  const pending: object[] = [];
  if (typeof root === 'object' && root !== null) pending.push(root);
  while (left > 0 && pending.length > 0) {
    const node = pending.pop() as object;
    if (Array.isArray(node)) left -= restoreItems(node as unknown[], values, pending);
    else left -= restoreMembers(node as Record<string, unknown>, values, pending);
  }
  return root;
}

/** Restores the placeholders among an array's items; queues its containers. Returns how many it restored. */
function restoreItems(array: unknown[], values: readonly string[], pending: object[]): number {
  let restored = 0;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    if (typeof item === 'object' && item !== null) pending.push(item);
    else if (typeof item === 'string') {
      const value = placeholderValue(item, values);
      if (value === undefined) continue;
      array[i] = value;
      restored++;
    }
  }
  return restored;
}

/** Restores the placeholders among an object's members; queues its containers. Returns how many it restored. */
function restoreMembers(object: Record<string, unknown>, values: readonly string[], pending: object[]): number {
  let restored = 0;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (typeof item === 'object' && item !== null) pending.push(item);
    else if (typeof item === 'string') {
      const value = placeholderValue(item, values);
      if (value === undefined) continue;
      // A `__proto__` member is an own data property in parsed JSON; a plain assignment would set the prototype.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      restored++;
    }
  }
  return restored;
}

/** The long string a placeholder stands for, or `undefined` when `text` is not a placeholder. */
function placeholderValue(text: string, values: readonly string[]): string | undefined {
  if (text.charCodeAt(0) !== 0) return undefined;
  return values[Number(text.slice(1))];
}
