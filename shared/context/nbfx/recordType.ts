/**
 * The record types of .NET Binary XML ([MC-NBFX] §2.2), by their first byte. Names follow the specification (and
 * `System.Xml.XmlBinaryNodeType`); a text record's "WithEndElement" form is its code + 1.
 */
export const NbfxRecord = {
  EndElement: 0x01,
  Comment: 0x02,
  Array: 0x03,
  ShortAttribute: 0x04,
  Attribute: 0x05,
  ShortDictionaryAttribute: 0x06,
  DictionaryAttribute: 0x07,
  ShortXmlnsAttribute: 0x08,
  XmlnsAttribute: 0x09,
  ShortDictionaryXmlnsAttribute: 0x0a,
  DictionaryXmlnsAttribute: 0x0b,
  PrefixDictionaryAttributeA: 0x0c,
  PrefixDictionaryAttributeZ: 0x25,
  PrefixAttributeA: 0x26,
  PrefixAttributeZ: 0x3f,
  ShortElement: 0x40,
  Element: 0x41,
  ShortDictionaryElement: 0x42,
  DictionaryElement: 0x43,
  PrefixDictionaryElementA: 0x44,
  PrefixDictionaryElementZ: 0x5d,
  PrefixElementA: 0x5e,
  PrefixElementZ: 0x77,
  ZeroText: 0x80,
  OneText: 0x82,
  FalseText: 0x84,
  TrueText: 0x86,
  Int8Text: 0x88,
  Int16Text: 0x8a,
  Int32Text: 0x8c,
  Int64Text: 0x8e,
  FloatText: 0x90,
  DoubleText: 0x92,
  DecimalText: 0x94,
  DateTimeText: 0x96,
  Chars8Text: 0x98,
  Chars16Text: 0x9a,
  Chars32Text: 0x9c,
  Bytes8Text: 0x9e,
  Bytes16Text: 0xa0,
  Bytes32Text: 0xa2,
  StartListText: 0xa4,
  EndListText: 0xa6,
  EmptyText: 0xa8,
  DictionaryText: 0xaa,
  UniqueIdText: 0xac,
  TimeSpanText: 0xae,
  UuidText: 0xb0,
  UInt64Text: 0xb2,
  BoolText: 0xb4,
  UnicodeChars8Text: 0xb6,
  UnicodeChars16Text: 0xb8,
  UnicodeChars32Text: 0xba,
  QNameDictionaryText: 0xbc,
} as const;

/** One of the {@link NbfxRecord} codes. */
export type NbfxRecord = (typeof NbfxRecord)[keyof typeof NbfxRecord];

const TEXT_NAMES = [
  'ZeroText', 'OneText', 'FalseText', 'TrueText', 'Int8Text', 'Int16Text', 'Int32Text', 'Int64Text', 'FloatText',
  'DoubleText', 'DecimalText', 'DateTimeText', 'Chars8Text', 'Chars16Text', 'Chars32Text', 'Bytes8Text', 'Bytes16Text',
  'Bytes32Text', 'StartListText', 'EndListText', 'EmptyText', 'DictionaryText', 'UniqueIdText', 'TimeSpanText',
  'UuidText', 'UInt64Text', 'BoolText', 'UnicodeChars8Text', 'UnicodeChars16Text', 'UnicodeChars32Text',
  'QNameDictionaryText',
] as const;

const STRUCTURE_NAMES: Record<number, string> = {
  0x01: 'EndElement', 0x02: 'Comment', 0x03: 'Array', 0x04: 'ShortAttribute', 0x05: 'Attribute',
  0x06: 'ShortDictionaryAttribute', 0x07: 'DictionaryAttribute', 0x08: 'ShortXmlnsAttribute', 0x09: 'XmlnsAttribute',
  0x0a: 'ShortDictionaryXmlnsAttribute', 0x0b: 'DictionaryXmlnsAttribute', 0x40: 'ShortElement', 0x41: 'Element',
  0x42: 'ShortDictionaryElement', 0x43: 'DictionaryElement',
};

const hex = (code: number): string => `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
const letter = (index: number): string => String.fromCharCode(0x41 + index);

/**
 * The specification's name of a record type, with its byte, for error messages.
 *
 * @example
 * ```ts
 * nbfxRecordName(0x99); // 'Chars8TextWithEndElement (0x99)'
 * nbfxRecordName(0x0d); // 'PrefixDictionaryAttributeB (0x0D)'
 * ```
 */
export function nbfxRecordName(code: number): string {
  let name: string | undefined = STRUCTURE_NAMES[code];
  if (name === undefined) {
    if (code >= 0x0c && code <= 0x25) name = `PrefixDictionaryAttribute${letter(code - 0x0c)}`;
    else if (code >= 0x26 && code <= 0x3f) name = `PrefixAttribute${letter(code - 0x26)}`;
    else if (code >= 0x44 && code <= 0x5d) name = `PrefixDictionaryElement${letter(code - 0x44)}`;
    else if (code >= 0x5e && code <= 0x77) name = `PrefixElement${letter(code - 0x5e)}`;
    else if (code >= 0x80 && code <= 0xbd) name = `${TEXT_NAMES[(code - 0x80) >> 1]!}${code & 1 ? 'WithEndElement' : ''}`;
    else name = 'not a record';
  }
  return `${name} (${hex(code)})`;
}

/**
 * Whether a record refers to a dictionary string ([MC-NBFS] static or [MC-NBFSE] session dictionary). Dataverse
 * writes with no dictionary, so these records are refused instead of being guessed at.
 *
 * @example
 * ```ts
 * isDictionaryRecord(0x42); // true (ShortDictionaryElement)
 * isDictionaryRecord(0x40); // false (ShortElement)
 * ```
 */
export function isDictionaryRecord(code: number): boolean {
  return (
    code === 0x06 || code === 0x07 || code === 0x0a || code === 0x0b || (code >= 0x0c && code <= 0x25) ||
    code === 0x42 || code === 0x43 || (code >= 0x44 && code <= 0x5d) ||
    code === 0xaa || code === 0xab || code === 0xbc || code === 0xbd
  );
}
