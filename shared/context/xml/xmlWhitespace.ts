/**
 * XML white space (space, tab, CR, LF), the only characters .NET's `XmlConvert` trims from a value before reading
 * it as a number, boolean, date, duration, enum name or QName. `String#trim` also strips no-break spaces, BOMs and
 * other Unicode spaces, which would accept values .NET refuses.
 */

/** Whether a character code is XML white space. @example `isXmlSpace(0x20); // true` */
export const isXmlSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * The text without leading and trailing XML white space (the same string when there is none).
 *
 * @example
 * ```ts
 * trimXml('\n  40\t'); // '40'
 * trimXml('40\u00a0'); // '40\u00a0' (a no-break space is not XML white space)
 * ```
 */
export function trimXml(text: string): string {
  const length = text.length;
  if (length === 0 || (!isXmlSpace(text.charCodeAt(0)) && !isXmlSpace(text.charCodeAt(length - 1)))) return text;
  let start = 0;
  while (start < length && isXmlSpace(text.charCodeAt(start))) start++;
  let end = length;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}
