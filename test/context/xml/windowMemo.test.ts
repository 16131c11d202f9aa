/**
 * Guards the reset of the element-name memo when the reader moves its window over a long body (`showWindow` →
 * `forgetScans` → `ElementNameMemo.reset`). The memo keeps, for a name read the general way, its offset in the
 * current window's bytes and its id; a later start tag whose first four bytes pick the same set is taken for that
 * name when the bytes at the remembered offset equal it. After a window move those offsets point into other bytes:
 * a stale entry then gives a start tag the id of a name it is not, with no error (so no whole-body re-read).
 *
 * The body below makes that happen if the reset is missing: `<abc:Stage>` (a member under a three-letter prefix, so
 * read the general way and remembered) in the first window, a text longer than any window in the second (windows
 * then start where the markup says, not where the window size does), and in the third a member Dataverse might add
 * later, `<abc:State>` (same first four bytes, same length), padded so that its name stands at the offset
 * `abc:Stage` had in the first window. A stale memo reads it as Stage: stage 7 instead of 40.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import type { RemoteExecutionContext } from '../../../shared/context/model';
import { ContextMapper } from '../../../shared/context/xml/contextMapper';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { Path } from '../../../shared/context/xml/pullReader';
import { latin1Text } from '../../../shared/context/xml/utf8Text';
import { XmlTextPullReader } from '../../../shared/context/xml/xmlPullReader';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const utf8 = new TextEncoder();
/** Longer than any window the reader may use (windows stay under V8's 128 KB large-object size). */
const BIG = 300_000;
const VALUE_START = '<a:value i:type="b:string"';
/** Where the third window starts: the reader moves on at the markup after the long value. */
const AFTER_BIG = '</KeyValuePairOfstringanyType></SharedVariables>';

/** The context, with `pad` spaces before `<abc:State>`. */
function contextXml(pad: number): string {
  return (
    `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}" xmlns:abc="${XRM}">` +
    '<CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId><Depth>1</Depth><MessageName>Update</MessageName>' +
    '<OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName>' +
    '<abc:Stage>40</abc:Stage>' +
    `<SharedVariables xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>long</a:key>` +
    `${VALUE_START} xmlns:b="${XSD}">${'x'.repeat(BIG)}</a:value>${AFTER_BIG}` +
    `${' '.repeat(pad)}<abc:State>7</abc:State></RemoteExecutionContext>`
  );
}

/** The name `abc:State` at the offset in the third window that `abc:Stage` has in the first (which starts at 0). */
function alignedXml(): string {
  const offsetInThird = (xml: string) => xml.indexOf('abc:State') - xml.indexOf(AFTER_BIG);
  const xml = contextXml(contextXml(0).indexOf('abc:Stage') - offsetInThird(contextXml(0)));
  expect(offsetInThird(xml)).toBe(xml.indexOf('abc:Stage'));
  return xml;
}

/** The context read whole, as a body under 128 KB is (no windows). */
function readWhole(body: Uint8Array): RemoteExecutionContext {
  const reader = new XmlTextPullReader();
  const path = new Path();
  try {
    reader.begin(latin1Text(body, 0, body.length), null, DEFAULT_DECODE_LIMITS, path, body);
    const context = new ContextMapper(reader, DEFAULT_DECODE_LIMITS, path).readRoot();
    reader.finish();
    return context;
  } finally {
    reader.release();
  }
}

describe('the element-name memo across windows', () => {
  it('forgets the names of an earlier window: a new name at a remembered offset is read as itself', () => {
    // Prepare
    const xml = alignedXml();
    const body = utf8.encode(xml);
    // The long value spans a whole window (so the windows start at its tag and after it); the body is read in windows.
    expect(xml.indexOf(VALUE_START)).toBeLessThan(100_000);
    expect(body.length).toBeGreaterThanOrEqual(128 * 1024);
    // Act
    const windowed = contextFromXmlBytes(body, DEFAULT_DECODE_LIMITS);
    // Assess: the unknown member State is skipped, as in the whole-body reading
    expect(windowed.stage).toBe(40);
    expect(windowed.depth).toBe(1);
    expect(windowed.sharedVariables['long']).toHaveLength(BIG);
    expect(windowed).toEqual(readWhole(body));
  });
});
