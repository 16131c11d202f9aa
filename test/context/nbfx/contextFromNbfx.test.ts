/**
 * The binary decode path: the shared mapping driving the .NET Binary XML pull reader, typed records read straight
 * into model values (no tree in between).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { contextFromNbfx } from '../../../shared/context/nbfx/contextFromNbfx';
import { contextFromXml } from '../../../shared/context/xml/contextFromXml';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import { XRM, XSI, dateTime, decimal, f32, f64, i32, mb31, nbfx, ticksOf, type NbfxBuilder } from './builder';
import { decodeError as failure } from '../../helpers/decodeError';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const GENERIC = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';
const ARRAYS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';

/** `<RemoteExecutionContext>` with the Dataverse preamble, `body` inside, closed. */
function context(body: (b: NbfxBuilder) => NbfxBuilder): Uint8Array {
  // The members a body must have to be a context, then the test's own.
  const required = nbfx()
    .element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i')
    .leaf('CorrelationId', '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d')
    .leaf('MessageName', 'Update')
    .leaf('OrganizationId', '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d')
    .leaf('PrimaryEntityName', 'account')
    .leaf('Stage', '40');
  return body(required).end().build();
}

/** One `KeyValuePairOfstringanyType` item whose value has `i:type="b:<type>"` (XSD) and the given content. */
function item(b: NbfxBuilder, key: string, type: string, content: (b: NbfxBuilder) => NbfxBuilder, ns = XSD): NbfxBuilder {
  b.element('KeyValuePairOfstringanyType').leaf('key', key, 'a').element('value', 'a').attribute('type', 'i').chars(`b:${type}`).xmlns(ns, 'b');
  return content(b).end();
}

describe('contextFromNbfx', () => {
  it('reads typed records as the declared member types', () => {
    // Prepare
    const bytes = context((b) =>
      b
        .leaf('BusinessUnitId', '1D2E3F40-6F4D-EE11-BE6F-000D3A5C1F20')
        .element('Depth').text(0x82, [], true)
        .element('IsInTransaction').text(0x84, [], true)
        .element('MessageName').text(0x82, [], true)
        .element('OperationCreatedOn').text(0x96, dateTime(ticksOf('2024-05-01T13:45:10.123Z', 4567n), 1), true)
        .element('Stage').text(0x88, [40], true),
    );
    // Act
    const c = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c).toMatchObject({
      businessUnitId: '1d2e3f40-6f4d-ee11-be6f-000d3a5c1f20',
      depth: 1,
      isInTransaction: false,
      messageName: '1',
      operationCreatedOn: '2024-05-01T13:45:10.123Z',
      stage: 40,
    });
  });

  it('reads typed values of a collection, an Array record among them, like the tree mapping does', () => {
    // Prepare: ArrayOfint as DCS writes int[]: 03 <b:int> 01 8D count items
    const bytes = context((b) => {
      b.element('SharedVariables').xmlns(GENERIC, 'a');
      item(b, 'price', 'decimal', (v) => v.text(0x94, decimal(10050n, 2), true));
      item(b, 'ratio', 'double', (v) => v.text(0x90, f32(47.5), true));
      item(b, 'tiny', 'double', (v) => v.text(0x92, f64(0.1), true));
      item(b, 'zero', 'string', (v) => v.text(0x80, [], true));
      item(b, 'flag', 'boolean', (v) => v.text(0xb4, [1], true));
      item(b, 'big', 'long', (v) => v.text(0x8e, [0, 0, 0, 0, 1, 0, 0, 0], true));
      item(b, 'ints', 'ArrayOfint', (v) => v.raw(0x03).element('int', 'b').end().raw(0x8d, mb31(3), i32(1), i32(-2), i32(300)).end(), ARRAYS);
      return b.end();
    });
    // Act
    const c = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    const fromTree = contextFromXml(readNbfx(bytes, DEFAULT_DECODE_LIMITS), DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c.sharedVariables).toEqual({ price: 100.5, ratio: 47.5, tiny: 0.1, zero: '0', flag: true, big: 4294967296, ints: [1, -2, 300] });
    expect(c).toEqual(fromTree);
  });

  it('reads a value that comes before its key', () => {
    // Prepare
    const bytes = context((b) =>
      b.element('SharedVariables').xmlns(GENERIC, 'a')
        .element('KeyValuePairOfstringanyType')
        .element('value', 'a').attribute('type', 'i').chars('b:int').xmlns(XSD, 'b').text(0x88, [7], true)
        .leaf('key', 'seven', 'a')
        .end().end(),
    );
    // Act
    const c = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c.sharedVariables).toEqual({ seven: 7 });
  });

  it('reads keys of every length and script the same each time (keys come from a cache of recent ones)', () => {
    // Prepare: ASCII keys short and long (past the cache's 128 bytes), a non-ASCII one, each written twice
    const keys = ['a', 'address1_composite', 'x'.repeat(128), 'y'.repeat(129), 'prénom_über'];
    const bytes = context((b) => {
      b.element('SharedVariables').xmlns(GENERIC, 'a');
      for (const key of [...keys, ...keys.map((k) => `${k}2`)]) item(b, key, 'int', (v) => v.text(0x88, [1], true));
      return b.end();
    });
    // Act
    const first = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    const second = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    // Assess
    const expected = Object.fromEntries([...keys, ...keys.map((k) => `${k}2`)].map((k) => [k, 1]));
    expect(first.sharedVariables).toEqual(expected);
    expect(second.sharedVariables).toEqual(expected);
  });

  it('refuses a key that is not valid UTF-8, with its offset', () => {
    // Prepare: Chars8TextWithEndElement of 0xC3 0x28 (a broken two-byte sequence) as the key
    const bytes = context((b) =>
      b.element('SharedVariables').xmlns(GENERIC, 'a')
        .element('KeyValuePairOfstringanyType').element('key', 'a').raw(0x99, [2, 0xc3, 0x28])
        .element('value', 'a').attribute('type', 'i').chars('b:int').xmlns(XSD, 'b').text(0x88, [7], true)
        .end().end(),
    );
    // Act
    const error = failure(() => contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('INVALID_BINARY');
    expect(error.offset).toBeGreaterThan(0);
  });

  it('refuses a non-integer record for an int member, with the path', () => {
    // Prepare
    const bytes = context((b) => b.element('Stage').text(0x92, f64(1.5), true));
    // Act
    const error = failure(() => contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error).toMatchObject({ code: 'INVALID_VALUE', path: 'Stage' });
  });

  it('reports a truncated body as INVALID_BINARY even where the part read is not a context', () => {
    // Prepare: the root's name, then the body ends before its namespace is declared
    const bytes = nbfx().element('RemoteExecutionContext').xmlns(XRM).build().subarray(0, 24);
    // Act
    const error = failure(() => contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('INVALID_BINARY');
  });

  it('reads a member whose text comes in several records, with a comment between (as text XML does)', () => {
    // Prepare: SecondaryEntityName = "Cre" <!----> "ate"; Depth = Int32 1 <!----> EndElement; then a member after them
    const bytes = context((b) =>
      b
        .element('SecondaryEntityName').chars('Cre').comment('').chars('ate', true)
        .element('Depth').text(0x8c, i32(1)).comment('').end()
        .element('Mode').text(0x82).text(0x80, [], true)
        .leaf('OrganizationName', 'org'),
    );
    // Act
    const c = contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(c).toMatchObject({ secondaryEntityName: 'Create', depth: 1, mode: 10, organizationName: 'org' });
  });

  it('applies maxStringLength to text assembled from several records', () => {
    // Prepare: 3 records of 30 characters each, limit 50 (each record alone is within it)
    const chunk = 'A'.repeat(30);
    const split = context((b) => b.element('SecondaryEntityName').chars(chunk).chars(chunk).chars(chunk, true));
    const untyped = context((b) =>
      b.element('SharedVariables').xmlns(GENERIC, 'a')
        .element('KeyValuePairOfstringanyType').leaf('key', 'X', 'a')
        .element('value', 'a').chars(chunk).comment('').chars(chunk).chars(chunk, true)
        .end().end(),
    );
    const list = context((b) => b.element('SecondaryEntityName').text(0xa4).chars(chunk).chars(chunk).chars(chunk).text(0xa6).end());
    const limits = { ...DEFAULT_DECODE_LIMITS, maxStringLength: 50 };
    // Act
    const errors = [split, untyped, list].map((bytes) => failure(() => contextFromNbfx(bytes, limits)));
    const trees = [untyped, list].map((bytes) => failure(() => readNbfx(bytes, limits)));
    // Assess
    for (const error of [...errors, ...trees]) expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('maxStringLength') });
  });

  it('refuses a root that is not a RemoteExecutionContext', () => {
    // Prepare
    const bytes = nbfx().element('Other').xmlns(XRM).end().build();
    // Act
    const error = failure(() => contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(error.code).toBe('NOT_A_CONTEXT');
  });
});
