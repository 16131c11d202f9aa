/**
 * The text XML decode path from bytes: parsed through a latin1 view of the UTF-8 body, non-ASCII values decoded
 * from the bytes, and read again as decoded text when that view meets anything unusual.
 */
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { contextFromXml } from '../../../shared/context/xml/contextFromXml';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { goldenFixtureNames, readGolden } from '../../helpers/fixtures';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';
import { decodeError as failure } from '../../helpers/decodeError';

const utf8 = new TextEncoder();

function body(shared: string, extra = ''): string {
  return (
    `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}"><CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId>` +
    `<MessageName>Update</MessageName><OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName><Stage>40</Stage>${extra}` +
    `<SharedVariables xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>note</a:key>` +
    `<a:value i:type="b:string" xmlns:b="${XSD}">${shared}</a:value></KeyValuePairOfstringanyType></SharedVariables></RemoteExecutionContext>`
  );
}

describe('contextFromXmlBytes', () => {
  it.each([
    ['ASCII', 'plain &amp; simple'],
    ['Cyrillic and CJK', 'Привет, 東京'],
    ['a long value with 4-byte characters', `${'😀東京 '.repeat(200)}end`],
    ['a long ASCII value after non-ASCII text', `é${'x'.repeat(500)}`],
  ])('decodes %s like the decoded-text reader', (_name, note) => {
    // Prepare
    const text = body(note);
    // Act
    const fromBytes = contextFromXmlBytes(utf8.encode(text), DEFAULT_DECODE_LIMITS);
    const fromText = contextFromXml(parseXml(text, DEFAULT_DECODE_LIMITS), DEFAULT_DECODE_LIMITS);
    // Assess
    expect(fromBytes.sharedVariables['note']).toBe(note.replace('&amp;', '&'));
    expect(fromBytes).toEqual(fromText);
  });

  it('drops a byte order mark', () => {
    // Prepare
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8.encode(body('Zoë'))]);
    // Act
    const c = contextFromXmlBytes(bytes, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c.sharedVariables['note']).toBe('Zoë');
  });

  it('refuses U+FFFF in a non-ASCII body', () => {
    // Prepare
    const bytes = utf8.encode(body('é\uffff'));
    // Act
    const error = failure(() => contextFromXmlBytes(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('INVALID_XML');
  });

  it('reports the character offset of the decoded text for malformed non-ASCII bodies', () => {
    // Prepare: a mismatched end tag after non-ASCII text
    const text = body('東京').replace('</MessageName>', '</MessageNam>');
    // Act
    const fromBytes = failure(() => contextFromXmlBytes(utf8.encode(text), DEFAULT_DECODE_LIMITS));
    const fromText = failure(() => parseXml(text, DEFAULT_DECODE_LIMITS));
    // Assess
    expect([fromBytes.code, fromBytes.offset]).toEqual([fromText.code, fromText.offset]);
  });

  it('reads non-ASCII element names through the decoded text', () => {
    // Prepare: an unknown member with a non-ASCII name is skipped
    const text = body('x', '<Données>1</Données>');
    // Act
    const c = contextFromXmlBytes(utf8.encode(text), DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c.messageName).toBe('Update');
  });

  it.each([
    ['a shorter end tag', (t: string) => t.replace('</a:key>', '</a:ke>')],
    ['a longer end tag', (t: string) => t.replace('</a:key>', '</a:keys>')],
    ['an end tag with another prefix', (t: string) => t.replace('</a:key>', '</b:key>')],
    ['a body cut inside an end tag', (t: string) => t.slice(0, t.indexOf('</a:key>') + 5)],
    ['a name with two colons', (t: string) => t.replace('<a:key>', '<a:k:ey>')],
  ])('reports %s in an ASCII body as the decoded-text reader does', (_name, mutate) => {
    // Prepare
    const text = mutate(body('x'));
    // Act
    const fromBytes = failure(() => contextFromXmlBytes(utf8.encode(text), DEFAULT_DECODE_LIMITS));
    const fromText = failure(() => parseXml(text, DEFAULT_DECODE_LIMITS));
    // Assess
    expect([fromBytes.code, fromBytes.offset, fromBytes.message]).toEqual([fromText.code, fromText.offset, fromText.message]);
  });

  it('names an unknown root element by its local name', () => {
    // Prepare
    const bytes = utf8.encode(`<p:Other xmlns:p="${XRM}"><a/></p:Other>`);
    // Act
    const error = failure(() => contextFromXmlBytes(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('NOT_A_CONTEXT');
    expect(error.message).toContain(`{${XRM}}Other,`);
  });

  it('refuses bytes that are not UTF-8', () => {
    // Prepare
    const bytes = Uint8Array.from([...utf8.encode('<a>'), 0xff, ...utf8.encode('</a>')]);
    // Act
    const error = failure(() => contextFromXmlBytes(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('INVALID_XML');
  });

  it('reports malformed markup first even when the part read is not a context', () => {
    // Prepare
    const bytes = utf8.encode(`<Other xmlns="${XRM}"><a></b></Other>`);
    // Act
    const error = failure(() => contextFromXmlBytes(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('INVALID_XML');
  });

  it('agrees with the decoded-text reader on mutated golden bodies (model, or error code and offset)', () => {
    // Prepare: seeded byte mutations of the smaller golden XML bodies, kept when still UTF-8
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const strict = new TextDecoder('utf-8', { fatal: true });
    const sources = goldenFixtureNames().map((name) => readGolden(name, 'xml')).filter((b) => b.length < 50_000);
    const outcome = (run: () => unknown): string => {
      try {
        return JSON.stringify(run());
      } catch (error) {
        if (!isDecodeError(error)) throw error;
        return `${error.code} ${String(error.offset)}`;
      }
    };
    const pairs: [string, string][] = [];
    for (let i = 0; i < 600; i++) {
      const bytes = Uint8Array.from(sources[Math.floor(random() * sources.length)]!);
      for (let j = 0; j < 2; j++) {
        const r = random();
        bytes[Math.floor(random() * bytes.length)] = r < 0.3 ? 0x3c : r < 0.5 ? 0xc3 : r < 0.6 ? 0x26 : Math.floor(random() * 256);
      }
      const body = random() < 0.2 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      let text: string;
      try {
        text = strict.decode(body);
      } catch {
        continue;
      }
      // Act
      pairs.push([
        outcome(() => contextFromXmlBytes(body, DEFAULT_DECODE_LIMITS)),
        outcome(() => contextFromXml(parseXml(text, DEFAULT_DECODE_LIMITS), DEFAULT_DECODE_LIMITS)),
      ]);
    }
    // Assess
    expect(pairs.length).toBeGreaterThan(100);
    expect(pairs.filter(([fromBytes, fromText]) => fromBytes !== fromText)).toEqual([]);
  });
});
