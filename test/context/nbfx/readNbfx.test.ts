import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { BinaryText } from '../../../shared/context/nbfx/binaryText';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import type { XmlNode } from '../../../shared/context/xml/node';
import { XRM, XSI, dateTime, decimal, i32, mb31, nbfx, ticksOf } from './builder';
import { decodeError as failure } from '../../helpers/decodeError';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const read = (bytes: Uint8Array, limits: Partial<DecodeLimits> = {}): XmlNode => readNbfx(bytes, { ...DEFAULT_DECODE_LIMITS, ...limits });

describe('readNbfx', () => {
  it('reads the Dataverse preamble into namespaced elements', () => {
    // Prepare
    const bytes = nbfx().element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i').leaf('BusinessUnitId', '6420f0cc-916b-ee11-9ae6-000d3a688809').end().build();
    // Act
    const root = read(bytes);
    // Assess
    expect(root).toMatchObject({ ns: XRM, local: 'RemoteExecutionContext', type: null, nil: false, text: '' });
    expect(root.children).toEqual([{ ns: XRM, local: 'BusinessUnitId', type: null, nil: false, children: [], text: '6420f0cc-916b-ee11-9ae6-000d3a688809' }]);
  });

  it('resolves i:type by namespace URI once the xmlns record that follows the attribute is read', () => {
    // Prepare: <a:value i:type="b:string" xmlns:b="XSD"> as the DataContract writer orders it
    const bytes = nbfx().element('r').xmlns(XSI, 'i').xmlns('urn:kv', 'a')
      .element('value', 'a').attribute('type', 'i').chars('b:string').xmlns(XSD, 'b').chars('hello', true)
      .end().build();
    // Act
    const value = read(bytes).children[0]!;
    // Assess
    expect(value).toMatchObject({ ns: 'urn:kv', local: 'value', type: { ns: XSD, local: 'string' }, text: 'hello' });
  });

  it('reads i:nil="true" from a TrueText attribute value', () => {
    // Prepare
    const bytes = nbfx().element('r').xmlns(XSI, 'i').element('RequestId').attribute('nil', 'i').text(0x86).end().end().build();
    // Act
    const node = read(bytes).children[0]!;
    // Assess
    expect(node.nil).toBe(true);
    expect(node.text).toBe('');
  });

  it('keeps typed records typed and renders them like .NET', () => {
    // Prepare
    const bytes = nbfx().element('r')
      .element('Depth').text(0x82, [], true)
      .element('Revenue').text(0x94, decimal(10050n, 2), true)
      .element('CreatedOn').text(0x96, dateTime(ticksOf('2023-10-15T19:34:05.123Z', 4567n), 1), true)
      .end().build();
    // Act
    const [depth, revenue, createdOn] = read(bytes).children.map((c) => c.text);
    // Assess
    expect(depth).toBeInstanceOf(BinaryText);
    expect([(depth as BinaryText).asString(), (depth as BinaryText).asNumber(), (depth as BinaryText).asBoolean()]).toEqual(['1', 1, undefined]);
    expect([(revenue as BinaryText).asString(), (revenue as BinaryText).asNumber()]).toEqual(['100.50', 100.5]);
    expect([(createdOn as BinaryText).asString(), (createdOn as BinaryText).asIsoDate()]).toEqual(['2023-10-15T19:34:05.1234567Z', '2023-10-15T19:34:05.123Z']);
  });

  it('concatenates several text records of one element as a string', () => {
    // Prepare
    const bytes = nbfx().element('r').chars('id-').text(0x8c, i32(1000)).text(0x86).end().build();
    // Act
    const root = read(bytes);
    // Assess
    expect(root.text).toBe('id-1000true');
  });

  it('turns an Array record into sibling elements with typed values', () => {
    // Prepare
    const bytes = nbfx().element('r').xmlns('urn:arrays', 'b').raw(0x03).element('int', 'b').end().raw(0x8d, mb31(3), i32(1), i32(-2), i32(3)).end().build();
    // Act
    const items = read(bytes).children;
    // Assess
    expect(items.map((i) => [i.ns, i.local, (i.text as BinaryText).asNumber()])).toEqual([
      ['urn:arrays', 'int', 1], ['urn:arrays', 'int', -2], ['urn:arrays', 'int', 3],
    ]);
  });

  it('pops namespace declarations with their element', () => {
    // Prepare
    const bytes = nbfx().element('r').element('x', 'p').xmlns('urn:p', 'p').end().element('y', 'p').end().end().build();
    // Act
    const error = failure(() => read(bytes));
    // Assess
    expect(error.code).toBe('INVALID_BINARY');
    expect(error.offset).toBe(bytes.length - 5);
  });

  it('reads nesting deeper than the call stack allows without recursion', () => {
    // Prepare
    const depth = 50_000;
    const builder = nbfx();
    for (let i = 0; i < depth; i++) builder.element('d');
    for (let i = 0; i < depth; i++) builder.end();
    // Act
    let node = read(builder.build(), { maxDepth: depth });
    let levels = 1;
    while (node.children.length > 0) {
      node = node.children[0]!;
      levels++;
    }
    // Assess
    expect(levels).toBe(depth);
  });

  describe('limits', () => {
    // Offsets: <r> 0, <a> 3, <b> 6, Chars8 9 (its bytes from 11), EndElement 21, Array 22, <i> 23, EndElement 26,
    // item type 27, count 28, items 29–44, EndElement 45.
    const body = nbfx().element('r').element('a').element('b').chars('0123456789', true).end()
      .raw(0x03).element('i').end().raw(0x8d, mb31(4), i32(1), i32(2), i32(3), i32(4)).end().build();

    it.each([
      ['maxBytes', { maxBytes: body.length - 1 }, 0],
      ['maxDepth', { maxDepth: 2 }, 6],
      ['maxStringLength', { maxStringLength: 9 }, 11],
      ['maxArrayLength', { maxArrayLength: 3 }, 28],
      ['maxRecords', { maxRecords: 5 }, 22],
    ] as const)('%s fails with LIMIT_EXCEEDED and the offset', (name, limits, offset) => {
      // Act
      const error = failure(() => read(body, limits));
      // Assess
      expect([error.code, error.message.includes(name), error.offset]).toEqual(['LIMIT_EXCEEDED', true, offset]);
    });

    it('bounds the items of all Array records of a body together by maxArrayLength (each item is a node in memory)', () => {
      // Prepare: three Array records of 4 Bool items each (at bytes 3, 14, 25; their counts at 9, 20, 31)
      const builder = nbfx().element('r');
      for (let i = 0; i < 3; i++) builder.raw(0x03).element('i').end().raw(0xb5, mb31(4), 1, 0, 1, 0);
      const arrays = builder.end().build();
      // Act
      const error = failure(() => read(arrays, { maxArrayLength: 10 }));
      const root = read(arrays, { maxArrayLength: 12 });
      // Assess
      expect([error.code, error.message.includes('maxArrayLength'), error.offset]).toEqual(['LIMIT_EXCEEDED', true, 31]);
      expect(root.children).toHaveLength(12);
    });

    it('reads the same body within the default limits', () => {
      // Act
      const root = read(body);
      // Assess
      expect(root.children.map((c) => c.local)).toEqual(['a', 'i', 'i', 'i', 'i']);
    });
  });

  it('refuses a length prefix past the end as INVALID_BINARY before any limit or allocation', () => {
    // Prepare: Chars32Text claiming 2 GiB
    const bytes = nbfx().element('r').raw(0x9d, i32(0x7fffffff)).build();
    // Act
    const error = failure(() => read(bytes, { maxStringLength: 10 }));
    // Assess
    expect([error.code, error.offset]).toEqual(['INVALID_BINARY', 8]);
  });

  it('names the dictionary record it refuses', () => {
    // Prepare
    const bytes = nbfx().element('r').raw(0x0d, 0x02, 0x86).end().build();
    // Act
    const error = failure(() => read(bytes));
    // Assess
    expect([error.code, error.offset, error.message.includes('PrefixDictionaryAttributeB (0x0D)')]).toEqual(['UNSUPPORTED_RECORD', 3, true]);
  });
});

describe('readNbfx: i:type, i:nil and xmlns forms refused as text XML refuses them', () => {
  /** `<r xmlns:i=XSI xmlns:b=XSD>` + the element `x` built by `x`. */
  const body = (x: (b: ReturnType<typeof nbfx>) => ReturnType<typeof nbfx>): Uint8Array =>
    x(nbfx().element('r').xmlns(XSI, 'i').xmlns(XSD, 'b').element('x')).end().end().build();

  it.each([
    ['an i:type with an empty prefix', body((b) => b.attribute('type', 'i').chars(':string'))],
    ['an i:type with two colons', body((b) => b.attribute('type', 'i').chars('b:x:string'))],
    ['an empty i:type', body((b) => b.attribute('type', 'i').chars(''))],
    ['an i:type with an empty local name', body((b) => b.attribute('type', 'i').chars('b:'))],
    ['a duplicate i:type', body((b) => b.attribute('type', 'i').chars('b:int').attribute('type', 'i').chars('b:string'))],
    ['i:nil and j:nil, both XSI', body((b) => b.attribute('nil', 'i').text(0x86).attribute('nil', 'j').text(0x86).xmlns(XSI, 'j'))],
    ['a malformed i:nil', body((b) => b.attribute('nil', 'i').chars('maybe'))],
    ['xmlns:xml rebound', body((b) => b.xmlns('urn:other', 'xml'))],
    ['the xmlns prefix declared', body((b) => b.xmlns('urn:other', 'xmlns'))],
    ['a prefix bound to the empty namespace', body((b) => b.xmlns('', 'p'))],
    ['a prefix declared twice on one element', body((b) => b.xmlns('urn:1', 'p').xmlns('urn:2', 'p'))],
  ])('refuses %s', (_name, bytes) => {
    // Act
    const error = failure(() => read(bytes));
    // Assess
    expect(error.code).toBe('INVALID_BINARY');
  });

  it('still reads the forms .NET writes and reads (spaces around an i:type, a prefix redeclared on a child)', () => {
    // Prepare
    const bytes = nbfx().element('r').xmlns(XSI, 'i').xmlns('urn:1', 'p')
      .element('x').attribute('type', 'i').chars(' b:int ').xmlns(XSD, 'b').xmlns('urn:2', 'p').text(0x88, [5], true)
      .end().build();
    // Act
    const root = read(bytes);
    // Assess
    expect(root.children[0]!.type).toEqual({ ns: XSD, local: 'int' });
  });
});

describe('readNbfx: limits on attributes and namespace declarations', () => {
  it('refuses more attribute and xmlns records on one element than maxAttributes, with the offset', () => {
    // Prepare: <r> then 300 prefixed attributes (default limit 256); a small body with 3 records at 3, 12, 16
    const builder = nbfx().element('r').xmlns('urn:p', 'p');
    for (let i = 0; i < 300; i++) builder.attribute(`a${i}`, 'p').text(0x80);
    const many = builder.end().build();
    const small = nbfx().element('r').xmlns('urn:p', 'p').attribute('a', 'p').text(0x80).attribute('b', 'p').text(0x80).end().build();
    // Act
    const byDefault = failure(() => read(many));
    const error = failure(() => read(small, { maxAttributes: 2 }));
    const root = read(small, { maxAttributes: 3 });
    // Assess
    expect([byDefault.code, byDefault.message.includes('maxAttributes')]).toEqual(['LIMIT_EXCEEDED', true]);
    expect([error.code, error.message.includes('maxAttributes'), error.offset]).toEqual(['LIMIT_EXCEEDED', true, 16]);
    expect(root.local).toBe('r');
  });

  it('refuses more namespace declarations in scope than maxNamespaces, with the offset', () => {
    // Prepare: 300 declarations over 30 nested elements; a small body: <r xmlns:a><x xmlns:b xmlns:c/></r>
    const deep = nbfx().element('r');
    for (let level = 0; level < 30; level++) {
      deep.element('x');
      for (let j = 0; j < 10; j++) deep.xmlns('urn:u', `p${level * 10 + j}`);
    }
    for (let level = 0; level <= 30; level++) deep.end();
    const small = nbfx().element('r').xmlns('urn:a', 'a').element('x').xmlns('urn:b', 'b').xmlns('urn:c', 'c').end().end().build();
    // Act
    const byDefault = failure(() => read(deep.build()));
    const error = failure(() => read(small, { maxNamespaces: 2 }));
    const root = read(small, { maxNamespaces: 3 });
    // Assess: the third declaration (xmlns:c) is at byte 24
    expect([byDefault.code, byDefault.message.includes('maxNamespaces')]).toEqual(['LIMIT_EXCEEDED', true]);
    expect([error.code, error.offset]).toEqual(['LIMIT_EXCEEDED', 24]);
    expect(root.children).toHaveLength(1);
  });
});
