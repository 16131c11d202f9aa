/**
 * The `DataContractJsonSerializer` date form: `"\/Date(1697398445000)\/"` or `"\/Date(1697391246000+0200)\/"`.
 * After `JSON.parse` both escape styles read `/Date(…)/`. `ms` is the UTC instant; the offset only marks a
 * Local-kind value and does not move it.
 */

const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const PLUS = 0x2b;
const MINUS = 0x2d;
const CLOSE_PAREN = 0x29;
const OPEN_PAREN = 0x28;
const UPPER_D = 0x44;
const LOWER_A = 0x61;
const LOWER_T = 0x74;
const LOWER_E = 0x65;
/** `/Date(` then at least one digit then `)/`. */
const MIN_LENGTH = 9;
/** `/Date(-` + 20 digits + `+hhmm)/`: anything longer is not a date DCJS writes. */
const MAX_LENGTH = 34;
const PREFIX_LENGTH = '/Date('.length;

/**
 * Whether a string may be a DCJS date, by a cheap prefix test: use it before {@link dcjsDateMs} on hot paths.
 *
 * @example
 * ```ts
 * looksLikeDcjsDate('/Date(0)/'); // true
 * looksLikeDcjsDate('Contoso'); // false
 * ```
 */
export function looksLikeDcjsDate(text: string): boolean {
  return text.length >= MIN_LENGTH && text.charCodeAt(0) === SLASH && hasPrefix(text);
}

/** `text` starts with `/Date(`, compared in place (cheaper than a `startsWith` call on this hot path). */
function hasPrefix(text: string): boolean {
  return (
    text.charCodeAt(0) === SLASH &&
    text.charCodeAt(1) === UPPER_D &&
    text.charCodeAt(2) === LOWER_A &&
    text.charCodeAt(3) === LOWER_T &&
    text.charCodeAt(4) === LOWER_E &&
    text.charCodeAt(5) === OPEN_PAREN
  );
}

/**
 * The UTC milliseconds of a DCJS date string, or `undefined` when the text is not exactly that form
 * (`/Date(` `-`? digits (`+`|`-` four digits)? `)/`). A hand-written scanner: this runs on every string value.
 *
 * @example
 * ```ts
 * dcjsDateMs('/Date(1697391246000+0200)/'); // 1697391246000
 * dcjsDateMs('/Date(abc)/'); // undefined
 * ```
 */
export function dcjsDateMs(text: string): number | undefined {
  const length = text.length;
  if (length < MIN_LENGTH || length > MAX_LENGTH || !hasPrefix(text)) return undefined;
  if (text.charCodeAt(length - 1) !== SLASH || text.charCodeAt(length - 2) !== CLOSE_PAREN) return undefined;
  const end = length - 2;
  let i = PREFIX_LENGTH;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  const digitsStart = i;
  let ms = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) break;
    ms = ms * 10 + (c - DIGIT_0);
  }
  if (i === digitsStart) return undefined;
  if (i < end) {
    // An offset: exactly a sign and four digits, then the end.
    const sign = text.charCodeAt(i);
    if ((sign !== PLUS && sign !== MINUS) || end - i !== 5) return undefined;
    for (let j = i + 1; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c < DIGIT_0 || c > DIGIT_9) return undefined;
    }
  }
  return negative ? -ms : ms;
}
