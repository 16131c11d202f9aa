/**
 * Text XML → element tree, for tests and tools. Decoding does not build a tree: the mapping drives the same pull
 * reader ({@link XmlTextPullReader}) directly (see `contextFromXmlBytes.ts`).
 */
import type { DecodeLimits } from '../limits';
import type { XmlNode } from './node';
import { Path } from './pullReader';
import { XmlTextPullReader } from './xmlPullReader';

const reader = new XmlTextPullReader();
const path = new Path();

/**
 * Parses a text XML document into an {@link XmlNode} tree.
 *
 * Namespace-aware (names and `i:type` are resolved by URI), iterative, and strict: a DTD, an entity declaration, an
 * undeclared entity, a mismatched or missing end tag, an undeclared prefix, a forbidden character or anything after
 * the root element is refused.
 *
 * @throws {DecodeError} `INVALID_XML` with the character offset for malformed or refused input; `LIMIT_EXCEEDED`
 *   when `maxDepth` (element nesting), `maxRecords` (element count) or `maxStringLength` (text or attribute value)
 *   is exceeded.
 * @example
 * ```ts
 * import { DEFAULT_DECODE_LIMITS } from '../limits';
 *
 * const root = parseXml('<a xmlns="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><b i:nil="true"/></a>', DEFAULT_DECODE_LIMITS);
 * root.children[0]?.nil; // true
 * ```
 */
export function parseXml(text: string, limits: DecodeLimits): XmlNode {
  try {
    reader.begin(text, null, limits, path);
    const root = reader.readNode();
    reader.finish();
    return root;
  } finally {
    reader.release();
  }
}
