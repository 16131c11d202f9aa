/**
 * The binary reader's fast paths (element starts with the attributes DataContractSerializer writes, EndElement in
 * `nextChild`, the single-letter prefix table) against its general path: the same body decoded through the pull
 * reader (fast paths) and through the element tree `readNbfx` builds (general path only) gives the same model, or
 * the same error.
 */
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { contextFromNbfx } from '../../../shared/context/nbfx/contextFromNbfx';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import { ContextMapper } from '../../../shared/context/xml/contextMapper';
import { Path } from '../../../shared/context/xml/pullReader';
import { TreePullReader } from '../../../shared/context/xml/treePullReader';
import { goldenFixtureNames, readGolden } from '../../helpers/fixtures';
import { XRM, XSI, nbfx, type NbfxBuilder } from './builder';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const GENERIC = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type Outcome = { model: unknown } | { code: string; message: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { model: run() };
  } catch (error) {
    if (isDecodeError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

/** The body decoded by the pull reader (fast paths) and through its element tree (general path). */
function bothPaths(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): { fast: Outcome; general: Outcome } {
  const fast = outcome(() => contextFromNbfx(bytes, limits));
  const general = outcome(() => {
    const path = new Path();
    return new ContextMapper(new TreePullReader(readNbfx(bytes, limits), path), limits, path).readRoot();
  });
  return { fast, general };
}

/** `<RemoteExecutionContext>` with the members a context needs and an InputParameters collection of `items`. */
function context(items: (b: NbfxBuilder) => NbfxBuilder): Uint8Array {
  const b = nbfx()
    .element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i')
    .leaf('CorrelationId', '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d')
    .element('InputParameters').xmlns(GENERIC, 'a');
  return items(b).end()
    .leaf('MessageName', 'Update')
    .leaf('OrganizationId', '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d')
    .leaf('PrimaryEntityName', 'account')
    .leaf('Stage', '40')
    .end()
    .build();
}

/** A `KeyValuePairOfstringanyType` item: `value` starts with `attributes`, then holds `content`. */
function item(b: NbfxBuilder, key: string, attributes: (b: NbfxBuilder) => NbfxBuilder, content: (b: NbfxBuilder) => NbfxBuilder): NbfxBuilder {
  b.element('KeyValuePairOfstringanyType').leaf('key', key, 'a').element('value', 'a');
  return content(attributes(b)).end().end();
}

const typed = (type: string, uri = XSD) => (b: NbfxBuilder) => b.attribute('type', 'i').chars(type).xmlns(uri, 'b');
const text = (value: string) => (b: NbfxBuilder) => b.chars(value);

describe('binary fast paths against the general path', () => {
  it.each(goldenFixtureNames())('%s: the same model through both paths', (name) => {
    // Prepare
    const bytes = readGolden(name, 'bin');
    // Act
    const { fast, general } = bothPaths(bytes);
    // Assess
    expect('model' in fast).toBe(true);
    expect(fast).toEqual(general);
  });

  it.each<[string, (b: NbfxBuilder) => NbfxBuilder]>([
    ['i:type + xmlns:b', (b) => item(b, 'k', typed('b:int'), (c) => c.text(0x88, [7]))],
    ['i:type resolved by the default namespace', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('Money'), (c) => c.leaf('Value', '1.5'))],
    ['i:nil="true"', (b) => item(b, 'k', (c) => c.attribute('nil', 'i').text(0x86), (c) => c)],
    ['i:nil="false" (general path)', (b) => item(b, 'k', (c) => c.attribute('nil', 'i').chars('false').attribute('type', 'i').chars('b:string').xmlns(XSD, 'b'), text('x'))],
    ['an i:type the table does not know', (b) => item(b, 'k', typed('b:gYear'), text('2024'))],
    ['an i:type with spaces around it', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars(' b:int ').xmlns(XSD, 'b'), (c) => c.text(0x88, [7]))],
    ['two declarations after i:type', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('c:int').xmlns(XSD, 'b').xmlns(XSD, 'c'), (c) => c.text(0x88, [7]))],
    ['xmlns of a URI the table does not know', (b) => item(b, 'k', typed('b:int', 'urn:other'), (c) => c.text(0x88, [7]))],
    ['i bound to another namespace on the element', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('b:int').xmlns(XSD, 'b').xmlns('urn:not-xsi', 'i'), text('7'))],
    ['a declaration hiding a prefix, then out of scope', (b) =>
      item(b, 'k', typed('b:string'), (c) => c.element('x', 'a').xmlns('urn:inner', 'a').end().chars('v'))
        .element('KeyValuePairOfstringanyType').leaf('key', 'k2', 'a').element('value', 'a').attribute('type', 'i').chars('b:string').xmlns(XSD, 'b').chars('w').end().end()],
    ['an attribute the fast path does not read', (b) => item(b, 'k', (c) => c.attribute('id').chars('1').attribute('type', 'i').chars('b:int').xmlns(XSD, 'b'), (c) => c.text(0x88, [7]))],
  ])('%s', (_name, items) => {
    // Prepare
    const bytes = context(items);
    // Act
    const { fast, general } = bothPaths(bytes);
    // Assess
    expect('model' in fast).toBe(true);
    expect(fast).toEqual(general);
  });

  it.each<[string, (b: NbfxBuilder) => NbfxBuilder]>([
    ['a prefix declared twice on one element', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('b:int').xmlns(XSD, 'b').xmlns(XSD, 'b'), (c) => c.text(0x88, [7]))],
    ['a letter bound to the xml namespace', (b) => item(b, 'k', typed('b:int', XML_NS), (c) => c.text(0x88, [7]))],
    ['an undeclared element prefix', (b) => b.element('KeyValuePairOfstringanyType').leaf('key', 'k', 'q').end()],
    ['an undeclared i:type prefix', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('z:int'), (c) => c.text(0x88, [7]))],
    ['an i:type with two colons', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('b:x:int').xmlns(XSD, 'b'), (c) => c.text(0x88, [7]))],
    ['a malformed i:nil', (b) => item(b, 'k', (c) => c.attribute('nil', 'i').chars('yes'), (c) => c)],
    ['an attribute value that ends the element', (b) => item(b, 'k', (c) => c.attribute('nil', 'i').text(0x86, [], true), (c) => c)],
    ['a prefix bound to an empty namespace', (b) => item(b, 'k', (c) => c.attribute('type', 'i').chars('b:int').raw(0x09, 1, 0x62, 0), (c) => c.text(0x88, [7]))],
  ])('%s: the same error', (_name, items) => {
    // Prepare
    const bytes = context(items);
    // Act
    const { fast, general } = bothPaths(bytes);
    // Assess
    expect('code' in fast).toBe(true);
    expect(fast).toEqual(general);
  });

  it('stops at the same error when the body ends inside an element start, at every length', () => {
    // Prepare
    const bytes = context((b) => item(b, 'k', typed('b:int'), (c) => c.text(0x88, [7])));
    // Act
    const mismatches: number[] = [];
    for (let length = 0; length < bytes.length; length++) {
      const { fast, general } = bothPaths(bytes.subarray(0, length));
      if (!('code' in fast) || JSON.stringify(fast) !== JSON.stringify(general)) mismatches.push(length);
    }
    // Assess
    expect(mismatches).toEqual([]);
  });

  it.each<[string, Partial<DecodeLimits>]>([
    ['maxAttributes', { maxAttributes: 1 }],
    ['maxNamespaces', { maxNamespaces: 3 }],
    ['maxRecords', { maxRecords: 20 }],
    ['maxDepth', { maxDepth: 3 }],
    ['maxStringLength', { maxStringLength: 5 }],
  ])('%s: the same limit error', (_name, limits) => {
    // Prepare
    const bytes = context((b) => item(b, 'k', typed('b:int'), (c) => c.text(0x88, [7])));
    // Act
    const { fast, general } = bothPaths(bytes, { ...DEFAULT_DECODE_LIMITS, ...limits });
    // Assess
    expect(fast).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(fast).toEqual(general);
  });
});
