/**
 * The element tree both XML readers can build (`parseXml` for `application/xml`, `readNbfx` for
 * `application/msbin1`), for tests and tools. Decoding does not build it: the one mapping (`contextMapper.ts`) pulls
 * from the readers directly. A tree can still be mapped through the same code (`contextFromXml`, via
 * `TreePullReader`), and the mapping buffers an element as a tree in the rare cases it must (a collection value
 * before its key, an unknown contract's value).
 *
 * Only what a DataContractSerializer reader needs is kept: the element's expanded name, its `i:type` (resolved to a
 * namespace URI and local name by the reader, never by prefix), its `i:nil`, its child elements and its text.
 */

/** An expanded XML name. */
export interface QName {
  /** Namespace URI (`''` for none). */
  readonly ns: string;
  /** Local name. */
  readonly local: string;
}

/**
 * A text value the binary reader keeps typed (an Int32 record, a DateTime record, ...), so that the mapping does not
 * render it to a string and parse it back. The text XML reader produces plain strings instead.
 */
export interface TypedText {
  /** The value as .NET's `XmlDictionaryReader` renders it as text (e.g. `"100.50"`, `"2024-05-01T13:45:10.123Z"`). */
  asString(): string;
  /** The value as a number when the record is numeric (Zero/One/Int/Float/Double/Decimal/UInt64), else `undefined`. */
  asNumber(): number | undefined;
  /** The value as a boolean when the record is boolean (True/False/Bool), else `undefined`. */
  asBoolean(): boolean | undefined;
  /**
   * The value as a model date (ISO 8601 UTC with milliseconds, sub-millisecond ticks truncated) when the record is a
   * DateTime, else `undefined`.
   */
  asIsoDate(): string | undefined;
}

/** The text content of an element: a string (text XML) or a typed binary value. */
export type XmlText = string | TypedText;

/** One element. */
export interface XmlNode {
  /** Namespace URI of the element (`''` for none). */
  readonly ns: string;
  /** Local name of the element. */
  readonly local: string;
  /** The resolved `i:type` attribute (XMLSchema-instance namespace), or `null` when absent. */
  readonly type: QName | null;
  /** Whether `i:nil="true"`. */
  readonly nil: boolean;
  /** Child elements, in document order. */
  readonly children: XmlNode[];
  /** The element's text content (`''` when it has none). Mixed content is concatenated. */
  readonly text: XmlText;
}

/** The XMLSchema-instance namespace (`i:type`, `i:nil`). */
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
