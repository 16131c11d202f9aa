/**
 * The text XML reader's fast paths give what its general paths give: GUIDs checked on the bytes, and element names
 * matched against an earlier occurrence in the same document (`elementNameMemo.ts`). Each case is read once the fast
 * way and once in a form only the general way reads (a comment before the end tag; a name's first occurrence), with
 * the same result or the same error.
 */
import { describe, expect, it } from 'vitest';
import type { DecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { RemoteExecutionContext } from '../../../shared/context/model';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { decodeError as failure } from '../../helpers/decodeError';
import { isDecodeError } from '../../../shared/context/errors';
import { Path } from '../../../shared/context/xml/pullReader';
import { latin1Text } from '../../../shared/context/xml/utf8Text';
import { XmlTextPullReader } from '../../../shared/context/xml/xmlPullReader';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const utf8 = new TextEncoder();

function decode(xml: string, limits: Partial<DecodeLimits> = {}): RemoteExecutionContext {
  return contextFromXmlBytes(utf8.encode(xml), { ...DEFAULT_DECODE_LIMITS, ...limits });
}

/** A context with the required members, `members` after them. */
function context(members: string): string {
  return (
    `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}"><CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId>` +
    `<MessageName>Update</MessageName><OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName><Stage>40</Stage>` +
    `${members}</RemoteExecutionContext>`
  );
}

/** The outcome of decoding: the context, or the error's code, offset and message. */
function outcome(xml: string, limits: Partial<DecodeLimits> = {}): RemoteExecutionContext | Pick<DecodeError, 'code' | 'offset' | 'message' | 'path'> {
  try {
    return decode(xml, limits);
  } catch {
    const e = failure(() => decode(xml, limits));
    return { code: e.code, offset: e.offset, message: e.message, path: e.path };
  }
}

describe('readGuid: the model form checked on the bytes', () => {
  it.each([
    ['model form', '6420f0cc-916b-ee11-9ae6-000d3a688809'],
    ['upper case', '6420F0CC-916B-EE11-9AE6-000D3A688809'],
    ['braces', '{6420f0cc-916b-ee11-9ae6-000d3a688809}'],
    ['no dashes', '6420f0cc916bee119ae6000d3a688809'],
    ['a dash moved', '6420f0c-c916b-ee11-9ae6-000d3a688809'],
    ['not hex', '6420f0cc-916b-ee11-9ae6-000d3a68880g'],
    ['36 bytes, dashes only', '------------------------------------'],
    ['a reference', '6420f0cc-916b-ee11-9ae6-000d3a68880&#x39;'],
    ['non-ASCII', '6420f0cc-916b-ee11-9ae6-000d3a6888é'],
    ['white space around', ' 6420f0cc-916b-ee11-9ae6-000d3a688809 '],
  ])('reads a GUID (%s) as the general way does', (_label, text) => {
    // Prepare: the comment keeps the fast path off
    const fast = context(`<UserId>${text}</UserId>`);
    const general = context(`<UserId>${text}<!----></UserId>`);
    // Act
    const [a, b] = [outcome(fast), outcome(general)];
    // Assess
    expect(a).toEqual(b);
  });

  it('reads the model form as it stands, and refuses a malformed GUID of the same length', () => {
    // Act
    const c = decode(context('<UserId>6420f0cc-916b-ee11-9ae6-000d3a688809</UserId>'));
    const e = failure(() => decode(context('<UserId>6420f0cc-916b-ee11-9ae6-000d3a68880g</UserId>')));
    // Assess
    expect(c.userId).toBe('6420f0cc-916b-ee11-9ae6-000d3a688809');
    expect([e.code, e.path]).toEqual(['INVALID_VALUE', 'UserId']);
  });

  it('leaves a GUID at the end of a truncated body to the general way', () => {
    // Prepare: the body ends right after the GUID's text and a '<'
    const xml = `<RemoteExecutionContext xmlns="${XRM}"><UserId>6420f0cc-916b-ee11-9ae6-000d3a688809<`;
    // Act
    const e = failure(() => decode(xml));
    // Assess
    expect(e.code).toBe('INVALID_XML');
  });
});

/** SharedVariables with the given items. */
function shared(items: string): string {
  return context(`<SharedVariables xmlns:a="${GENERIC}">${items}</SharedVariables>`);
}

function item(key: string, value: string): string {
  return `<KeyValuePairOfstringanyType><a:key>${key}</a:key><a:value i:type="b:string" xmlns:b="${XSD}">${value}</a:value></KeyValuePairOfstringanyType>`;
}

/**
 * Reads `xml` (ASCII) with the reader on its bytes (the fast paths on) or on its text alone (`bytes` null: the
 * general paths only); the root element as a tree, or the error.
 */
function readTree(xml: string, onBytes: boolean, limits: Partial<DecodeLimits> = {}): unknown {
  const reader = new XmlTextPullReader();
  try {
    reader.begin(xml, null, { ...DEFAULT_DECODE_LIMITS, ...limits }, new Path(), onBytes ? utf8.encode(xml) : null);
    const tree = reader.readNode();
    reader.finish();
    return tree;
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    return { code: error.code, offset: error.offset, message: error.message };
  } finally {
    reader.release();
  }
}

describe('element names matched against their earlier occurrence', () => {
  const items = `<a:item><Name>x</Name></a:item><a:item><Name>y</Name></a:item>`;
  const root = (inner: string): string => `<Root xmlns="urn:r" xmlns:a="urn:a" xmlns:i="${XSI}">${items}${inner}</Root>`;

  it.each([
    ['the same names again', '<a:item><Name>z</Name></a:item>'],
    ['a longer name starting with a known one', '<a:itemX/>'],
    ['a known name continued by a digit', '<a:item2/>'],
    ['a known name continued by a dot', '<a:item.b/>'],
    ['a known name with another prefix', '<b:item xmlns:b="urn:b"/>'],
    ['a known name with an undeclared prefix', '<z:item/>'],
    ['a known name and a bad character', '<a:item\u0001/>'],
    ['a known name and a second colon', '<a:item:x/>'],
    ['a known name and no white space before an attribute', '<a:item"x"/>'],
    ['a known name cut by the end of the body', '<a:item'],
    ['a known name as a wrong end tag', '<Name>x</a:item>'],
    ['a known name self-closing with i:nil', '<a:item i:nil="true"/>'],
  ])('reads %s as the general way does', (_label, inner) => {
    // Prepare
    const xml = root(inner);
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
  });

  it('reads the same, element for element, on the bytes and on the text (golden-like contexts)', () => {
    // Prepare
    const xml = shared(item('one', '1') + item('two', '2') + item('three', '3'));
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
    expect(decode(xml).sharedVariables).toEqual({ one: '1', two: '2', three: '3' });
  });

  it('counts elements read by a matched name against maxRecords and maxDepth as others', () => {
    // Prepare
    const xml = root('<a:item><a:item><a:item/></a:item></a:item>');
    // Act
    const results = [{ maxRecords: 7 }, { maxRecords: 8 }, { maxDepth: 3 }, { maxDepth: 4 }].map((limits) => [readTree(xml, true, limits), readTree(xml, false, limits)]);
    // Assess
    for (const [fast, general] of results) expect(fast).toEqual(general);
    expect(results.map(([fast]) => (fast as { code?: string }).code)).toEqual(['LIMIT_EXCEEDED', undefined, 'LIMIT_EXCEEDED', undefined]);
  });
});

/** Each child of the root read with readKey, on the bytes (the key cache) or on the text (the general way). */
function readKeys(xml: string, onBytes: boolean, limits: Partial<DecodeLimits> = {}): unknown {
  const reader = new XmlTextPullReader();
  try {
    reader.begin(xml, null, { ...DEFAULT_DECODE_LIMITS, ...limits }, new Path(), onBytes ? utf8.encode(xml) : null);
    const keys: string[] = [];
    while (reader.nextChild()) keys.push(reader.readKey());
    reader.finish();
    return keys;
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    return { code: error.code, offset: error.offset, message: error.message };
  } finally {
    reader.release();
  }
}

describe('readKey: plain keys from the key cache', () => {
  const root = (keys: string): string => `<Root xmlns:a="urn:a">${keys}</Root>`;

  it.each([
    ['plain keys, some repeated', '<a:key>name</a:key><a:key>accountid</a:key><a:key>name</a:key>'],
    ['a reference', '<a:key>a&amp;b</a:key><a:key>a&amp;b</a:key>'],
    ['a character reference', '<a:key>&#x6E;ame</a:key>'],
    [']]> in a key', '<a:key>a]]>b</a:key>'],
    ['a single ]', '<a:key>a]b</a:key>'],
    ['a carriage return', '<a:key>a\r\nb</a:key>'],
    ['a tab and a line feed', '<a:key>a\tb\n</a:key>'],
    ['white space around', '<a:key> name </a:key>'],
    ['an empty key', '<a:key></a:key><a:key/>'],
    ['a key longer than the cache holds', `<a:key>${'k'.repeat(65)}</a:key><a:key>${'k'.repeat(64)}</a:key>`],
    ['a comment after the key', '<a:key>name<!-- c --></a:key>'],
    ['a child element in the key', '<a:key>na<b/>me</a:key>'],
    ['CDATA', '<a:key><![CDATA[name]]></a:key>'],
    ['a mismatched end tag', '<a:key>name</a:kez>'],
    ['an end tag not closed', '<a:key>name</a:key'],
    ['__proto__', '<a:key>__proto__</a:key><a:key>__proto__</a:key>'],
    ['a number', '<a:key>123</a:key>'],
  ])('reads %s as the general way does', (_label, keys) => {
    // Prepare
    const xml = root(keys);
    // Act
    const [fast, general] = [readKeys(xml, true), readKeys(xml, false)];
    // Assess
    expect(fast).toEqual(general);
  });

  it('refuses a key longer than maxStringLength as the general way does', () => {
    // Prepare
    const xml = root('<a:key>accountid</a:key>');
    // Act
    const [fast, general] = [readKeys(xml, true, { maxStringLength: 8 }), readKeys(xml, false, { maxStringLength: 8 })];
    // Assess
    expect(fast).toEqual(general);
    expect((fast as { code: string }).code).toBe('LIMIT_EXCEEDED');
  });

  it('reads a cached key again the same, in a later document', () => {
    // Prepare
    const xml = root('<a:key>contoso_region</a:key>');
    // Act
    const [first] = readKeys(xml, true) as string[];
    const [second] = readKeys(xml, true) as string[];
    // Assess
    expect(first).toBe('contoso_region');
    expect(second).toBe(first);
  });
});

/** Each element's local name and namespace URI, in document order (a tree read on the bytes). */
function namespaces(xml: string): unknown {
  const tree = readTree(xml, true) as { local?: string; ns?: string; type?: { ns: string; local: string } | null; children?: unknown[]; code?: string };
  if (tree.code !== undefined) return tree;
  const out: string[] = [];
  const walk = (node: typeof tree): void => {
    out.push(`${node.local ?? ''}=${node.ns ?? ''}${node.type ? ` type ${node.type.ns}:${node.type.local}` : ''}`);
    for (const child of (node.children ?? []) as (typeof tree)[]) walk(child);
  };
  walk(tree);
  return out;
}

describe('one-letter prefixes and the default namespace resolved without a search', () => {
  it('resolves each prefix to its innermost declaration, and restores the outer one after the element', () => {
    // Prepare
    const xml =
      `<r xmlns="urn:d" xmlns:a="urn:a1" xmlns:i="${XSI}"><a:x xmlns:a="urn:a2" i:type="a:T"><a:y/><z xmlns=""/><w/>` +
      `<q xmlns:i="urn:not-xsi" i:type="a:U"/></a:x><a:v i:type="a:T"/><u xmlns:abc="urn:abc"><abc:k/></u><a:x xmlns:a="urn:a3"/><a:w/></r>`;
    // Act
    const [fast, general] = [namespaces(xml), readTree(xml, false)];
    // Assess
    expect(fast).toEqual([
      'r=urn:d',
      'x=urn:a2 type urn:a2:T',
      'y=urn:a2',
      'z=',
      'w=urn:d',
      'q=urn:d',
      'v=urn:a1 type urn:a1:T',
      'u=urn:d',
      'k=urn:abc',
      'x=urn:a3',
      'w=urn:a1',
    ]);
    expect(readTree(xml, true)).toEqual(general);
  });

  it('refuses a prefix used after its declaration went out of scope', () => {
    // Prepare
    const xml = '<r><a:x xmlns:a="urn:a"/><a:y/></r>';
    const inType = `<r xmlns:i="${XSI}"><x xmlns:b="urn:b"/><y i:type="b:T"/></r>`;
    // Act
    const errors = [xml, inType].map((x) => readTree(x, true) as { code: string; message: string });
    // Assess
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ['INVALID_XML', 'Undeclared namespace prefix "a" (at offset 25)'],
      ['INVALID_XML', 'Undeclared namespace prefix "b" in i:type (at offset 78)'],
    ]);
  });

  it('starts each document with no bindings but xml (after a document that failed inside a declaration scope)', () => {
    // Prepare: the first document fails inside <a:x>, where a is bound
    const reader = new XmlTextPullReader();
    const failing = utf8.encode('<r><a:x xmlns:a="urn:a"><a:y>');
    const next = utf8.encode('<r><a:y/></r>');
    // Act
    reader.begin(latin1Text(failing, 0, failing.length), null, DEFAULT_DECODE_LIMITS, new Path(), failing);
    const first = failure(() => reader.readNode());
    reader.release();
    const second = failure(() => {
      reader.begin(latin1Text(next, 0, next.length), null, DEFAULT_DECODE_LIMITS, new Path(), next);
      reader.readNode();
    });
    // Assess
    expect(first.code).toBe('INVALID_XML');
    expect(second.message).toBe('Undeclared namespace prefix "a" (at offset 3)');
  });
});

/** Each child of the root read with readString (or as a tree: its own text, through the token loop). */
function readStrings(xml: string, asTree: boolean, limits: Partial<DecodeLimits> = {}): unknown {
  const reader = new XmlTextPullReader();
  try {
    reader.begin(xml, null, { ...DEFAULT_DECODE_LIMITS, ...limits }, new Path(), utf8.encode(xml));
    const texts: unknown[] = [];
    while (reader.nextChild()) texts.push(asTree ? reader.readNode().text : reader.readString());
    reader.finish();
    return texts;
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    return { code: error.code, offset: error.offset, message: error.message };
  } finally {
    reader.release();
  }
}

describe('readString: text straight before the end tag', () => {
  it.each([
    ['plain text', '<v>Contoso</v>'],
    ['empty elements', '<v></v><v/><v />'],
    ['references and line breaks', '<v>a &amp; b\r\nc&#13;</v>'],
    ['a comment inside', '<v>a<!-- c -->b</v>'],
    ['a child element inside', '<v>a<w>x</w>b</v>'],
    ['CDATA', '<v><![CDATA[a<b]]></v><v>x<![CDATA[y]]></v>'],
    [']]> in text', '<v>a]]>b</v>'],
    ['a mismatched end tag', '<v>text</w>'],
    ['an end tag not closed', '<v>text</v'],
    ['white space in the end tag', '<v>text</v  >'],
  ])('reads %s as the token loop does', (_label, children) => {
    // Prepare
    const xml = `<Root>${children}</Root>`;
    // Act
    const [strings, tree] = [readStrings(xml, false), readStrings(xml, true)];
    // Assess
    expect(strings).toEqual(tree);
  });

  it('refuses text longer than maxStringLength as the token loop does', () => {
    // Prepare
    const xml = '<Root><v>0123456789</v></Root>';
    // Act
    const [strings, tree] = [readStrings(xml, false, { maxStringLength: 5 }), readStrings(xml, true, { maxStringLength: 5 })];
    // Assess
    expect(strings).toEqual(tree);
    expect((strings as { code: string }).code).toBe('LIMIT_EXCEEDED');
  });
});

describe('names of the contract matched from the name table', () => {
  const root = (inner: string): string => `<Root xmlns="urn:r" xmlns:a="urn:a" xmlns:_="urn:u" xmlns:ab="urn:ab">${inner}</Root>`;

  it.each([
    ['unprefixed', '<Depth>1</Depth><MessageName>Update</MessageName>'],
    ['one-letter prefix', '<a:OptionSetValue><a:Value>1</a:Value></a:OptionSetValue>'],
    ['underscore prefix', '<_:Entity/>'],
    ['two-letter prefix', '<ab:Entity/>'],
    ['a known name continued', '<Depths/><DepthX/><Depth2/><Depth-x/><Depth.x/>'],
    ['a known name continued by a colon', '<Depth:x/>'],
    ['a known name after two colons', '<a:b:Depth/>'],
    ['a digit as the prefix', '<1:Depth/>'],
    ['a colon as the prefix', '<::Depth/>'],
    ['an empty prefix', '<:Depth/>'],
    ['a known name with an undeclared one-letter prefix', '<z:Depth/>'],
    ['a known name as a wrong end tag', '<Name>x</Depth>'],
    ['a short name', '<Id>x</Id><a:key>k</a:key>'],
    ['a known name and a forbidden character', '<Depth\u0001/>'],
    ['a known name cut by the end of the body', '<Depth'],
  ])('reads %s as the general way does', (_label, inner) => {
    // Prepare
    const xml = root(inner);
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
  });

  it('reads a known name followed by non-ASCII as a longer name (decoded text)', () => {
    // Prepare: on the bytes the name's last letter is followed by a UTF-8 lead byte
    const xml = context('<Depthé>3</Depthé>');
    // Act
    const c = decode(xml);
    // Assess: an unknown member, skipped; not <Depth>
    expect(c.depth).not.toBe(3);
    expect(c.messageName).toBe('Update');
  });
});

describe('attribute names known at sight (p:type, p:nil, xmlns:p)', () => {
  const root = (attributes: string): string => `<Root xmlns:i="${XSI}" xmlns:I="${XSI}" xmlns:b="urn:b"><e ${attributes}/></Root>`;

  it.each([
    ['i:type', 'i:type="b:T"'],
    ['i:nil', 'i:nil="true"'],
    ['xmlns:p', 'xmlns:p="urn:p" i:type="p:T"'],
    ['an upper-case prefix', 'I:type="b:T"'],
    ['white space before =', 'i:type ="b:T" i:nil\t=\t"false"'],
    ['a longer name', 'i:types="x" i:nils="x" xmlns:pq="urn:pq"'],
    ['a shorter name', 'i:typ="x" i:ni="x"'],
    ['a name continued by a digit or a dot', 'i:type2="x" i:nil.x="x" xmlns:p1="urn:p1"'],
    ['a second colon', 'i:type:x="x"'],
    ['xmlns:p:q', 'xmlns:p:q="urn:q"'],
    ['a digit as the prefix', '1:type="x"'],
    ['a colon as the prefix', '::type="x"'],
    ['an undeclared prefix', 'z:type="b:T"'],
    ['xmlns: with a digit', 'xmlns:1="urn:1"'],
    ['xmlns without a colon', 'xmlnsx="1" xmlns="urn:d"'],
    ['duplicates', 'i:type="b:T" I:type="b:U"'],
  ])('reads %s as the general way does', (_label, attributes) => {
    // Prepare
    const xml = root(attributes);
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
  });

  it.each(['i:type', 'i:nil', 'xmlns:p', 'i:ty'])('refuses a body cut after %s as the general way does', (name) => {
    // Prepare
    const xml = `<Root xmlns:i="${XSI}"><e ${name}`;
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
    expect((fast as { code: string }).code).toBe('INVALID_XML');
  });

  it('reads an attribute name followed by non-ASCII as decoded text does', () => {
    // Prepare: i:nilé is another attribute (ignored), not a second i:nil
    const xml = context('<ParentContext i:nilé="false" i:nil="true"/>');
    // Act
    const c = decode(xml);
    // Assess
    expect(c.parentContext).toBeNull();
  });
});

describe('i:type values known at sight (a name of the table, alone or after a one-letter prefix)', () => {
  const root = (type: string): string => `<Root xmlns="urn:d" xmlns:i="${XSI}" xmlns:b="${XSD}" xmlns:_="urn:u"><e i:type="${type}"/></Root>`;

  it.each([
    ['b:string'],
    ['b:int'],
    ['EntityReference'],
    ['_:Money'],
    ['b:strings'],
    ['b:strin'],
    ['b:string2'],
    ['::string'],
    [':string'],
    ['b::string'],
    ['1:string'],
    ['z:string'],
    ['ab:string'],
    [' b:string'],
    ['b:string '],
    ['b:&#x73;tring'],
    ['b:Unknown'],
    ['string'],
    ['b:'],
    [''],
  ])('reads i:type="%s" as the general way does', (type) => {
    // Prepare
    const xml = root(type);
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
  });
});

describe('xmlns values matched against the known URIs', () => {
  it.each([
    ['the URI as is', `xmlns:b="${XSD}"`, XSD],
    ['a character reference in it', `xmlns:b="${XSD.slice(0, -1)}&#x61;"`, XSD],
    ['an entity reference in it', `xmlns:b="urn:a&amp;b"`, 'urn:a&b'],
    ['a tab in it (normalized to a space)', `xmlns:b="${XSD}\t"`, `${XSD} `],
    ['a prefix of a known URI', `xmlns:b="${XSD.slice(0, -1)}"`, XSD.slice(0, -1)],
  ])('binds b with %s', (_label, declaration, uri) => {
    // Prepare
    const xml = `<Root ${declaration}><b:x/></Root>`;
    // Act
    const [fast, general] = [readTree(xml, true), readTree(xml, false)];
    // Assess
    expect(fast).toEqual(general);
    expect((fast as { children: { ns: string }[] }).children[0]!.ns).toBe(uri);
  });

  it('refuses a prefix bound to an empty URI', () => {
    // Act
    const fast = readTree('<Root xmlns:b=""><b:x/></Root>', true) as { code: string };
    // Assess
    expect(fast.code).toBe('INVALID_XML');
  });
});

describe('readGuid: limits and end tags after a GUID in model form', () => {
  const guid = '6420f0cc-916b-ee11-9ae6-000d3a688809';
  it.each([
    // The first value longer than the limit is the root's xmlns URI: refused there, before any GUID.
    ['a maxStringLength below 36', context(`<UserId>${guid}</UserId>`), { maxStringLength: 35 }, XRM],
    ['a mismatched end tag', context(`<UserId>${guid}</UserIx>`), {}, '</UserIx>'],
    ['an end tag not closed', context(`<UserId>${guid}</UserId`).replace('</RemoteExecutionContext>', ''), {}, ''],
  ])('reads a GUID with %s as the general way does', (_label, fast, limits, at) => {
    // Prepare: the comment keeps the fast path off
    const general = fast.replace(`${guid}</`, `${guid}<!----></`);
    const withoutOffset = (o: unknown): unknown => {
      const e = o as { code: string; message: string };
      return { code: e.code, message: e.message.replace(/ \(at offset \d+\)/, '') };
    };
    // Act
    const [a, b] = [outcome(fast, limits), outcome(general, limits)];
    // Assess: the same error, at its place in each body
    expect(withoutOffset(a)).toEqual(withoutOffset(b));
    expect((a as { offset: number }).offset).toBe(at === '' ? fast.length : fast.indexOf(at));
  });
});

describe('readGuid on the bytes and on the text', () => {
  /** Each child of the root read with readGuid. */
  function readGuids(xml: string, onBytes: boolean, limits: Partial<DecodeLimits> = {}): unknown {
    const reader = new XmlTextPullReader();
    try {
      reader.begin(xml, null, { ...DEFAULT_DECODE_LIMITS, ...limits }, new Path(), onBytes ? utf8.encode(xml) : null);
      const guids: string[] = [];
      while (reader.nextChild()) guids.push(reader.readGuid());
      reader.finish();
      return guids;
    } catch (error) {
      if (!isDecodeError(error)) throw error;
      return { code: error.code, offset: error.offset, message: error.message };
    }
  }

  it.each([
    ['model form', '<v>6420f0cc-916b-ee11-9ae6-000d3a688809</v>', {}],
    ['upper case', '<v>6420F0CC-916B-EE11-9AE6-000D3A688809</v>', {}],
    ['model form over maxStringLength', '<v>6420f0cc-916b-ee11-9ae6-000d3a688809</v>', { maxStringLength: 35 }],
    ['model form at maxStringLength', '<v>6420f0cc-916b-ee11-9ae6-000d3a688809</v>', { maxStringLength: 36 }],
    ['a mismatched end tag', '<v>6420f0cc-916b-ee11-9ae6-000d3a688809</w>', {}],
  ])('reads %s as the general way does', (_label, children, limits) => {
    // Prepare
    const xml = `<Root>${children}</Root>`;
    // Act
    const [fast, general] = [readGuids(xml, true, limits), readGuids(xml, false, limits)];
    // Assess
    expect(fast).toEqual(general);
  });
});
