/**
 * A deterministic differential fuzz of the text XML reader's fast paths: every input is read the way
 * `contextFromXmlBytes` reads a body (latin1 view of the bytes: known names, the element name memo, attribute names
 * known at sight, the key cache, GUIDs on the bytes, windows for long bodies) and the general way (the reader on the
 * decoded text, where none of those paths run), and both must give the same context or the same error (code,
 * message, offset, path). Seeds: the golden bodies, long bodies built from them (read in windows), and generated
 * documents; mutations: seeded XML-aware edits (references, CDATA, comments, prefixes, near-miss names, attribute
 * spellings, forbidden characters) and the byte edits of `bench/fuzz-nbfx.ts`.
 */
import { describe, expect, it } from 'vitest';
import { mutate, seededRandom } from '../../../bench/fuzz-nbfx';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { ContextMapper } from '../../../shared/context/xml/contextMapper';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { Path } from '../../../shared/context/xml/pullReader';
import { latin1Text } from '../../../shared/context/xml/utf8Text';
import { XmlTextPullReader } from '../../../shared/context/xml/xmlPullReader';
import { goldenFixtureNames, readGolden } from '../../helpers/fixtures';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const generalReader = new XmlTextPullReader();
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** What a reading gave: the context (as JSON), or the DecodeError; anything else thrown is a finding of its own. */
function outcome(read: () => unknown): string {
  try {
    return JSON.stringify(read());
  } catch (error) {
    if (!isDecodeError(error)) return `NOT A DecodeError: ${String(error)}`;
    return JSON.stringify({ code: error.code, message: error.message, offset: error.offset, path: error.path });
  }
}

/** The general way: the reader on the decoded text (no bytes, so no fast path), as contextFromXmlBytes maps it. */
function decodeGeneral(text: string, limits: DecodeLimits): unknown {
  const path = new Path();
  try {
    generalReader.begin(text, null, limits, path);
    const context = new ContextMapper(generalReader, limits, path).readRoot();
    generalReader.finish();
    return context;
  } catch (error) {
    if (isDecodeError(error) && (error.code === 'NOT_A_CONTEXT' || error.code === 'INVALID_VALUE')) generalReader.drain();
    throw error;
  } finally {
    generalReader.release();
  }
}

/** Inputs the general way reads as contextFromXmlBytes does: valid UTF-8 without a byte order mark. */
function decodedText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Snippets worth planting: references, markup in odd places, near-miss names and attribute spellings. */
const SNIPPETS = [
  '&#x3c;', '&amp;', '&#1;', '&#x1F;', '&#xFFFE;', '&#xD800;', '&lt;', '&#0;', '&#x41;', '<!---->', '<!-- < -->', '<?pi x?>',
  '<![CDATA[<x>]]>', '<![CDATA[]]>', ' ', '\t', '\r\n', '\r', '\n', ' xmlns:ab="urn:x"', ` xmlns:i="${XSI}"`, ' i:type="b:string"',
  ' i:nil="true"', ' j:type="b:int"', ` xmlns:j="${XSI}"`, ' xmlns:a="urn:other"', ' xmlns="urn:other"', ` xmlns:b="${XSD}"`, '/', '>',
  '<', '"', "'", '=', ' = ', 'X', ':', 'é', '東', '😀', '\u00b7', '\u0001', '\u000b', '\ufffe', ']]>', 'Depth', 'KeyValuePairOfstringanyType',
  'a:', 'i:', 'xmlns:', 'b:', ' i:type="b:string" i:type="b:string"', ' i:nil="false"', '<a:key>__proto__</a:key>', '\u0000', 'ab:',
  '6420f0cc-916b-ee11-9ae6-000d3a688809', 'k'.repeat(64), '2024-05-01T15:45:10.1234567+14:00',
];

/** 1–3 seeded XML-aware edits of `text`. */
function xmlMutate(text: string, random: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (s.length + 1));
    const kind = Math.floor(random() * 6);
    if (kind <= 2) {
      // A snippet next to markup: before or after a '<', a '>' or a space.
      const snippet = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
      const near = s.indexOf(kind === 0 ? '<' : kind === 1 ? '>' : ' ', at);
      const p = near < 0 ? at : near + (random() < 0.5 ? 0 : 1);
      s = s.slice(0, p) + snippet + s.slice(p);
    } else if (kind === 3) {
      s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 4));
    } else if (kind === 4) {
      // A character of a name changed or inserted.
      const lt = s.indexOf('<', at);
      if (lt >= 0) {
        const q = lt + 1 + Math.floor(random() * 6);
        s = s.slice(0, q) + 'aAbiZ:_-.0 x'[Math.floor(random() * 12)]! + s.slice(q + (random() < 0.5 ? 1 : 0));
      }
    } else {
      const from = Math.floor(random() * s.length);
      s = s.slice(0, at) + s.slice(from, from + 1 + Math.floor(random() * 80)) + s.slice(at);
    }
  }
  return s;
}

/** Tight limits now and then, so that limit errors (and their offsets) are compared too. */
function limitsFor(n: number): DecodeLimits {
  const tight: Partial<DecodeLimits>[] = [{}, {}, { maxStringLength: 40 }, { maxRecords: 60 }, { maxDepth: 6 }, { maxAttributes: 2 }, { maxNamespaces: 3 }];
  return { ...DEFAULT_DECODE_LIMITS, ...tight[n % tight.length] };
}

/** The inputs where the two ways differ (at most three reported). */
function differences(inputs: Iterable<[Uint8Array, DecodeLimits]>): string[] {
  const found: string[] = [];
  for (const [bytes, limits] of inputs) {
    const fast = outcome(() => contextFromXmlBytes(bytes, limits));
    if (fast.startsWith('NOT A DecodeError')) found.push(`${fast} for ${JSON.stringify(Buffer.from(bytes).toString('utf8'))}`);
    const text = decodedText(bytes);
    if (text === undefined) continue;
    const general = outcome(() => decodeGeneral(text, limits));
    if (fast !== general) found.push(`${JSON.stringify(text)}\nfast:    ${fast.slice(0, 300)}\ngeneral: ${general.slice(0, 300)}`);
    if (found.length >= 3) break;
  }
  return found;
}

/** A golden body made longer than the windowed-reading threshold by repeating its Attributes items. */
function longBody(name: string, size: number, extra: string): string {
  const xml = new TextDecoder().decode(readGolden(name, 'xml'));
  const from = xml.indexOf('<Attributes>') + '<Attributes>'.length;
  const to = xml.indexOf('</Attributes>');
  let items = '';
  for (let n = 0; items.length + xml.length < size; n++) {
    items += xml.slice(from, to).replace(/<a:key>([^<]*)<\/a:key>/g, (_m, key: string) => `<a:key>${key}_${n}</a:key>`) + extra;
  }
  return xml.slice(0, from) + items + xml.slice(to);
}

describe('text XML fast paths against the general way', () => {
  const names = goldenFixtureNames().filter((name) => readGolden(name, 'xml').length < 100_000);

  it.each(names)('reads XML-aware mutations of %s.xml as the general way does', (name) => {
    // Prepare
    const xml = new TextDecoder().decode(readGolden(name, 'xml'));
    const random = seededRandom(name.length * 7919 + name.charCodeAt(0));
    function* inputs(): Generator<[Uint8Array, DecodeLimits]> {
      for (let n = 0; n < 250; n++) yield [Buffer.from(xmlMutate(xml, random), 'utf8'), limitsFor(n)];
    }
    // Act
    const found = differences(inputs());
    // Assess
    expect(found).toEqual([]);
  });

  it.each(names)('reads byte mutations of %s.xml as the general way does', (name) => {
    // Prepare
    const bytes = readGolden(name, 'xml');
    const random = seededRandom(name.length * 31 + 5);
    function* inputs(): Generator<[Uint8Array, DecodeLimits]> {
      for (let n = 0; n < 120; n++) yield [mutate(bytes, random), limitsFor(n)];
    }
    // Act
    const found = differences(inputs());
    // Assess
    expect(found).toEqual([]);
  });

  it.each([
    ['plain', ''],
    ['comments and PIs holding markup', '<!-- a < b --><?pi <x> ?>'],
    ['non-ASCII text', '<!--é東😀-->'],
  ])('reads mutations of a long body (%s, read in windows) as the general way does', (_label, extra) => {
    // Prepare: edits mostly near the first window edges
    const xml = longBody('create-account-all-types', 260_000, extra);
    const random = seededRandom(extra.length + 1);
    function* inputs(): Generator<[Uint8Array, DecodeLimits]> {
      for (let n = 0; n < 40; n++) {
        const centre = [120_000, 240_000, 131_072, Math.floor(random() * xml.length)][n % 4]!;
        const at = Math.max(0, centre + Math.floor((random() - 0.5) * 4000));
        const snippet = SNIPPETS[Math.floor(random() * SNIPPETS.length)]!;
        yield [Buffer.from(n === 0 ? xml : xml.slice(0, at) + snippet + xml.slice(at), 'utf8'), limitsFor(n)];
      }
    }
    // Act
    const found = differences(inputs());
    // Assess
    expect(xml.length).toBeGreaterThan(128 * 1024);
    expect(found).toEqual([]);
  });
});

// ---- generated documents, read through the whole XmlPullReader surface ----

const ELEMENT_NAMES = [
  'KeyValuePairOfstringanyType', 'KeyValuePairOfstringanyTypeX', 'KeyValuePairOfstringanyTyp', 'KeyV', 'Depth', 'Dept', 'Depth.', 'Depth-1',
  'Depth_', 'Id', 'key', 'value', 'Value', 'Valu', 'Attributes', 'LogicalName', 'x', 'ab', 'abcd', 'abcde', 'type', 'nil', 'a1234',
];
const PREFIXES = ['', '', '', 'a', 'b', 'i', 'j', 'ab', 'xmlns', 'xml', '_'];
const URIS = [XSI, XSD, XRM, GENERIC, 'urn:x', `${XSI} `, '', 'http://www.w3.org/2001/XMLSchema-instancE'];
const TEXTS = [
  '', 'Contoso', '6420f0cc-916b-ee11-9ae6-000d3a688809', '6420F0CC-916B-EE11-9AE6-000D3A688809', '&#x3c;', '&amp;x', '&#1;', 'a&lt;b',
  '<![CDATA[<x>]]>', '<!--c-->', '<?p x?>', ' x\r\ny ', ']]>', '__proto__', 'k'.repeat(64), 'k'.repeat(65), '&#x41;bc', 'x\ty',
];
const TYPE_VALUES = ['b:string', 'Entity', 'b:guid', ' b:int', 'b:int ', 'c:x', 'true', 'false', '1', ':x', 'x:', 'a:b:c', '&#x62;:string', 'b:s&amp;'];

/** A random ASCII document of nested elements with declarations, i:type / i:nil spellings and texts. */
function generate(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const space = (): string => pick([' ', ' ', '  ', '\t', '\n', '\r\n']);
  const element = (depth: number): string => {
    const prefix = pick(PREFIXES);
    const name = (prefix === '' ? '' : `${prefix}:`) + pick(ELEMENT_NAMES);
    let attributes = '';
    for (let k = Math.floor(random() * 4); k > 0; k--) {
      const kind = random();
      const quote = pick(['"', "'"]);
      let attribute: string;
      let value: string;
      if (kind < 0.35) {
        attribute = `xmlns${pick([':', ':', ''])}${pick(['a', 'b', 'i', 'j', 'ab', 'xml', ''])}`;
        value = pick(URIS);
      } else if (kind < 0.7) {
        attribute = `${pick(['i', 'j', 'a', 'ab', 'b'])}:${pick(['type', 'nil', 'typ', 'types', 'nill'])}`;
        value = pick(TYPE_VALUES);
      } else {
        attribute = pick(['x', 'y', 'a:x', 'b:x', 'xml:lang', 'xmlnsx']);
        value = pick(['1', '&#x3c;', '<', '>', 'a&amp;b', '\t', '&bogus;']);
      }
      attributes += `${space()}${attribute}${pick(['=', '=', ' = ', '\t=\n'])}${quote}${value}${quote}`;
    }
    const head = `<${name}${attributes}${random() < 0.3 ? space() : ''}`;
    if (random() < 0.2) return `${head}/>`;
    let content = '';
    if (depth < 4 && random() < 0.6) {
      for (let c = 1 + Math.floor(random() * 3); c > 0; c--) content += (random() < 0.2 ? pick(TEXTS) : '') + element(depth + 1);
    } else {
      content = pick(TEXTS);
    }
    const r = random();
    const end = r < 0.03 ? `${name}X` : r < 0.05 ? name.slice(0, -1) : name;
    return `${head}>${content}</${end}${random() < 0.1 ? space() : ''}>`;
  };
  return `<Root xmlns="${XRM}" xmlns:i="${XSI}" xmlns:a="${GENERIC}" xmlns:b="${XSD}" xmlns:j="${XSI}" xmlns:ab="urn:ab">${element(0)}${element(0)}</Root>`;
}

/** Walks the document with a seeded mix of readString, readKey, readGuid, readNode, skip and descent; a log of it. */
function walk(reader: XmlTextPullReader, random: () => number, log: unknown[]): void {
  while (reader.nextChild()) {
    log.push([reader.localName(), reader.namespaceUri(), reader.typeLocalName(), reader.typeNamespaceUri(), reader.nil, reader.name, reader.ns, reader.typeName, reader.typeNs]);
    const k = random();
    if (k < 0.2) log.push(['string', reader.readString()]);
    else if (k < 0.4) log.push(['key', reader.readKey()]);
    else if (k < 0.55) log.push(['guid', guidOrValueError(reader)]);
    else if (k < 0.65) log.push(['node', reader.readNode()]);
    else if (k < 0.7) reader.skip();
    else walk(reader, random, log);
  }
}

/** readGuid's GUID, or the message of its INVALID_VALUE (the element is then read; other errors end the walk). */
function guidOrValueError(reader: XmlTextPullReader): string {
  try {
    return reader.readGuid();
  } catch (error) {
    if (isDecodeError(error) && error.code === 'INVALID_VALUE') return error.message;
    throw error;
  }
}

function readGenerated(xml: string, onBytes: boolean, seed: number, limits: DecodeLimits): string {
  const reader = new XmlTextPullReader();
  const log: unknown[] = [];
  const bytes = Buffer.from(xml, 'latin1');
  return outcome(() => {
    try {
      if (onBytes) reader.begin(latin1Text(bytes, 0, bytes.length), null, limits, new Path(), bytes);
      else reader.begin(xml, null, limits, new Path());
      walk(reader, seededRandom(seed), log);
      reader.finish();
      return log;
    } catch (error) {
      // The log so far is compared too.
      if (isDecodeError(error)) error.message += ` after ${JSON.stringify(log)}`;
      throw error;
    } finally {
      reader.release();
    }
  });
}

describe('text XML reader on its bytes against the reader on its text, generated documents', () => {
  it('reads 4000 generated documents through every read method the same both ways', () => {
    // Prepare
    const random = seededRandom(12345);
    const found: string[] = [];
    // Act
    for (let n = 0; n < 4000 && found.length < 3; n++) {
      const xml = generate(random);
      const limits = limitsFor(n);
      const [fast, general] = [readGenerated(xml, true, n, limits), readGenerated(xml, false, n, limits)];
      if (fast !== general) found.push(`${JSON.stringify(xml)}\nfast:    ${fast.slice(-300)}\ngeneral: ${general.slice(-300)}`);
    }
    // Assess
    expect(found).toEqual([]);
  });
});
