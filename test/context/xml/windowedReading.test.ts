/**
 * Long bodies are read through windows of at most 120 KB (no one-byte string over V8's large-object size): the
 * windowed reading must give the tree the whole-body reading gives, whatever falls on a window's edge, and an error
 * must be the whole-body reading's error (contextFromXmlBytes reads the body again to report it).
 */
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { Path } from '../../../shared/context/xml/pullReader';
import { latin1Text } from '../../../shared/context/xml/utf8Text';
import { XmlTextPullReader } from '../../../shared/context/xml/xmlPullReader';
import { decodeError as failure } from '../../helpers/decodeError';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const utf8 = new TextEncoder();

/** The root as a tree, read whole (`windowed` false) or in windows; or the error's code. */
function readTree(xml: string, windowed: boolean): unknown {
  const body = utf8.encode(xml);
  const ascii = body.every((b) => b < 0x80);
  const reader = new XmlTextPullReader();
  try {
    if (windowed) reader.beginWindowed(body, ascii, DEFAULT_DECODE_LIMITS, new Path());
    else reader.begin(latin1Text(body, 0, body.length), ascii ? null : body, DEFAULT_DECODE_LIMITS, new Path(), body);
    const tree = reader.readNode();
    reader.finish();
    return tree;
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    return { code: error.code, offset: error.offset };
  } finally {
    reader.release();
  }
}

/** `count` items of about `size` characters of text each, under a root that declares the namespaces. */
function document(count: number, size: number, text = 'x', extra = ''): string {
  let items = '';
  for (let i = 0; i < count; i++) items += `<a:item i:type="b:string" xmlns:b="${XSD}">${String(i)}${text.repeat(size)}</a:item>${extra}`;
  return `<Root xmlns="urn:r" xmlns:a="urn:a" xmlns:i="${XSI}"><Outer><Inner>${items}</Inner></Outer></Root>`;
}

describe('reading a long body in windows', () => {
  it.each([
    ['many short items', document(4000, 40)],
    ['items of about a window each', document(5, 100_000)],
    ['a text longer than a window', document(2, 200_000)],
    ['non-ASCII text', document(300, 400, 'é東')],
    ['comments holding markup between items', document(2000, 60, 'x', '<!-- a < b --><?pi <x>?>')],
    ['CDATA holding markup', document(2000, 60, 'x', '<Note><![CDATA[ <not> a tag ]]></Note>')],
  ])('reads %s as the whole-body reading does', (_label, xml) => {
    // Act
    const [windowed, whole] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(xml.length).toBeGreaterThan(128 * 1024);
    expect(windowed).toEqual(whole);
  });

  it('decodes a long context as the whole-body reading does', () => {
    // Prepare: 3000 shared variables (some 250 KB)
    let items = '';
    for (let i = 0; i < 3000; i++) items += `<KeyValuePairOfstringanyType><a:key>k${i}</a:key><a:value i:type="b:string" xmlns:b="${XSD}">v${i} ${'y'.repeat(40)}</a:value></KeyValuePairOfstringanyType>`;
    const xml =
      `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}"><CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId>` +
      `<MessageName>Update</MessageName><OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName>` +
      `<SharedVariables xmlns:a="${GENERIC}">${items}</SharedVariables><Stage>40</Stage></RemoteExecutionContext>`;
    // Act
    const c = contextFromXmlBytes(utf8.encode(xml), DEFAULT_DECODE_LIMITS);
    // Assess
    expect(Object.keys(c.sharedVariables)).toHaveLength(3000);
    expect(c.sharedVariables['k2999']).toBe(`v2999 ${'y'.repeat(40)}`);
    expect(c.stage).toBe(40);
  });

  it.each([
    ['a mismatched end tag of an element opened in an earlier window', (xml: string) => xml.replace('</Outer>', '</Outre>'), '</Outre>'],
    ['a malformed tag in a later window', (xml: string) => xml.replace('>3999x', '><3999x'), '<3999x'],
    ['content after the root', (xml: string) => `${xml}<More/>`, '<More/>'],
    ['content after the root, after a comment longer than a window', (xml: string) => `${xml}<!--${' '.repeat(130_000)}--><More/>`, '<More/>'],
    ['a forbidden character in a later window', (xml: string) => xml.replace('3998x', '3998\u0001'), '\u0001'],
    ['a truncated body', (xml: string) => xml.slice(0, -10), ''],
  ])('reports %s at its offset in the body', (_label, spoil, marker) => {
    // Prepare
    const xml = spoil(document(4000, 40));
    const whole = readTree(xml, false);
    // Act
    const e = failure(() => contextFromXmlBytes(utf8.encode(xml), DEFAULT_DECODE_LIMITS));
    // Assess: the windowed reading refuses the body too; the error reported is the whole-body reading's
    expect((readTree(xml, true) as { code?: string }).code).toBe((whole as { code?: string }).code);
    expect({ code: e.code, offset: e.offset }).toEqual(whole);
    if (marker !== '') expect(Math.abs((e.offset ?? 0) - xml.lastIndexOf(marker))).toBeLessThanOrEqual(1);
  });
});
