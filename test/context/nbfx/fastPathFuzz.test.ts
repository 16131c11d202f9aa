/**
 * Seeded differential fuzz of the binary reader's fast paths (element starts with DCS attributes, the prefix slot
 * table, EndElement in `nextChild`, the DateTime fast read): generated contexts whose `value` elements start with
 * random sequences of i:type / i:nil / xmlns / other attributes (redeclared prefixes, `i` bound elsewhere, unknown and
 * forbidden URIs, declarations in nested scopes and Array records), some truncated, under random small limits, decode
 * through the pull reader (fast paths) to the same model or error as through the element tree (general path only).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/fuzz-nbfx';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { contextFromNbfx } from '../../../shared/context/nbfx/contextFromNbfx';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import { ContextMapper } from '../../../shared/context/xml/contextMapper';
import { Path } from '../../../shared/context/xml/pullReader';
import { TreePullReader } from '../../../shared/context/xml/treePullReader';
import { XRM, XSI, mb31, nbfx, type NbfxBuilder } from './builder';

const XSD = 'http://www.w3.org/2001/XMLSchema';
const GENERIC = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

type Random = () => number;

/** The model, or the error's code and message (the offset is in the message). */
function outcome(run: () => unknown): string {
  try {
    return JSON.stringify({ model: run() });
  } catch (error) {
    if (isDecodeError(error)) return JSON.stringify({ code: error.code, message: error.message });
    throw error;
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Attribute = (b: NbfxBuilder) => NbfxBuilder;

/** i:type and i:nil attributes: the DCS forms and their near misses. */
const TYPE_OR_NIL: readonly Attribute[] = [
  ...['b:int', 'int', 'Money', 'string', 'z:int', 'i:int', 'b:gYear', ' b:int', 'b:', ':int', 'b:x:int', 'c:int', 'a:string', 'b:dateTime', 'Entity'].map(
    (type): Attribute => (b) => b.attribute('type', 'i').chars(type),
  ),
  (b) => b.attribute('type', 'd').chars('b:int'),
  (b) => b.longAttribute('i', 'type').chars('b:int'),
  (b) => b.attribute('nil', 'i').text(0x86),
  (b) => b.attribute('nil', 'i').text(0x84),
  (b) => b.attribute('nil', 'i').chars('true'),
  (b) => b.attribute('nil', 'd').text(0x86),
];

/** Declarations: known URIs on letters, `i` rebound, forbidden and unknown URIs, the default namespace. */
const DECLARATIONS: readonly Attribute[] = [
  (b) => b.xmlns(XSD, 'b'),
  (b) => b.xmlns(XSD, 'c'),
  (b) => b.xmlns(XSI, 'i'),
  (b) => b.xmlns(XSI, 'd'),
  (b) => b.xmlns(XRM, 'i'),
  (b) => b.xmlns(XML_NS, 'b'),
  (b) => b.xmlns('urn:other', 'b'),
  (b) => b.xmlns(GENERIC, 'a'),
  (b) => b.xmlns(XRM),
  (b) => b.xmlns(''),
  (b) => b.raw(0x09, 1, 0x62, 0), // xmlns:b=""
  (b) => b.xmlns(XSD, 'bb'),
];

/** Any attribute record, unprefixed and other ones included. */
const ATTRIBUTES: readonly Attribute[] = [
  ...TYPE_OR_NIL,
  ...DECLARATIONS,
  (b) => b.attribute('id').chars('1'),
  (b) => b.attribute('id', 'b').chars('1'),
];

/** Half the time the DCS shape (i:type or i:nil, then declarations), else any attributes in any order. */
function attributes(random: Random, b: NbfxBuilder): NbfxBuilder {
  if (random() < 0.5) {
    if (random() < 0.8) pick(random, TYPE_OR_NIL)(b);
    const declarations = Math.floor(random() * 3);
    for (let i = 0; i < declarations; i++) pick(random, DECLARATIONS)(b);
    if (random() < 0.1) pick(random, ATTRIBUTES)(b);
    return b;
  }
  const count = Math.floor(random() * random() * 5);
  for (let i = 0; i < count; i++) pick(random, ATTRIBUTES)(b);
  return b;
}

/** Eight DateTime payload bytes, often near the kind bits and the range's ends. */
function dateTimeBytes(random: Random): number[] {
  const high = pick(random, [0, 0x40, 0x80, 0xc0, 0x3f, 0x7f, 0xbf, 0xff, 0x2b, 0x8b]) | (random() < 0.5 ? 0 : Math.floor(random() * 64));
  return [...Array.from({ length: 7 }, () => (random() < 0.3 ? pick(random, [0, 0xff]) : Math.floor(random() * 256))), high];
}

function content(random: Random, b: NbfxBuilder, depth: number): NbfxBuilder {
  switch (Math.floor(random() * 8)) {
    case 0:
      return b.text(0x88, [7], true);
    case 1:
      return b.chars('x', true);
    case 2:
      return b.end();
    case 3:
      if (depth >= 3) return b.chars('2024', true);
      // A child with declarations of its own: they must be out of scope after it.
      b.element(pick(random, ['Value', 'Id', 'x', 'Attributes']), pick(random, ['', 'a', 'b', 'i']));
      content(random, attributes(random, b), depth + 1);
      return random() < 0.5 ? b.chars('v', true) : b.end();
    case 4:
      // An Array record whose element declares prefixes.
      b.raw(0x03).element(pick(random, ['int', 'Value', 'x']), pick(random, ['', 'a', 'b', 'c']));
      return attributes(random, b).raw(0x01, 0x8d, mb31(2), 1, 0, 0, 0, 2, 0, 0, 0).end();
    case 5:
      return b.text(0x86, [], true);
    case 6:
      return b.text(0x96, dateTimeBytes(random), true);
    default:
      return b.chars('2024', true);
  }
}

function body(random: Random): Uint8Array {
  const b = nbfx()
    .element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i')
    .leaf('CorrelationId', '0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d')
    .element('InputParameters').xmlns(GENERIC, 'a');
  const items = 1 + Math.floor(random() * 3);
  for (let i = 0; i < items; i++) {
    b.element('KeyValuePairOfstringanyType').leaf('key', `k${i}`, 'a').element('value', pick(random, ['a', 'a', 'a', '', 'b', 'i']));
    content(random, attributes(random, b), 0).end();
  }
  return b.end()
    .leaf('MessageName', 'Update')
    .element('OperationCreatedOn').text(0x96, dateTimeBytes(random), true)
    .leaf('OrganizationId', '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d')
    .leaf('PrimaryEntityName', 'account')
    .leaf('Stage', '40')
    .end()
    .build();
}

describe('binary fast paths against the general path (seeded fuzz)', () => {
  it('4000 generated element starts, some truncated, under random limits: the same model or error', () => {
    // Prepare
    const random = seededRandom(0xfa57);
    const cases = Array.from({ length: 4000 }, () => {
      const whole = body(random);
      const bytes = random() < 0.15 ? whole.subarray(0, Math.floor(random() * whole.length)) : whole;
      const limits: DecodeLimits = random() < 0.4
        ? { ...DEFAULT_DECODE_LIMITS, maxRecords: 20 + Math.floor(random() * 80), maxDepth: 3 + Math.floor(random() * 6), maxAttributes: 2 + Math.floor(random() * 3), maxNamespaces: 2 + Math.floor(random() * 6), maxStringLength: 22 + Math.floor(random() * 20) }
        : DEFAULT_DECODE_LIMITS;
      return { bytes, limits };
    });
    // Act
    const mismatches: string[] = [];
    const kinds = new Set<string>();
    for (const { bytes, limits } of cases) {
      const fast = outcome(() => contextFromNbfx(bytes, limits));
      const general = outcome(() => {
        const path = new Path();
        return new ContextMapper(new TreePullReader(readNbfx(bytes, limits), path), limits, path).readRoot();
      });
      kinds.add(fast.slice(0, 12));
      if (fast !== general) mismatches.push(`${Buffer.from(bytes).toString('hex')}\n fast ${fast.slice(0, 200)}\n general ${general.slice(0, 200)}`);
    }
    // Assess: the same outcomes, and the fuzz reached models as well as errors
    expect(mismatches.slice(0, 3)).toEqual([]);
    expect(kinds).toContain('{"model":{"m');
    expect(kinds).toContain('{"code":"INV');
    expect(kinds).toContain('{"code":"LIM');
  });

  it('a fast start that falls back after binding leaves no binding behind: a later sibling cannot use it', () => {
    // Prepare: item k0's start declares b with an i:type the name table does not know (the fast path binds b, then
    // falls back); its sibling k1 uses b without declaring it
    const bytes = nbfx()
      .element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i')
      .element('InputParameters').xmlns(GENERIC, 'a')
      .element('KeyValuePairOfstringanyType').attribute('type', 'i').chars('b:gYear').xmlns(XSD, 'b').leaf('key', 'k0', 'a').leaf('value', 'v', 'a').end()
      .element('KeyValuePairOfstringanyType').leaf('key', 'k1', 'a').element('value', 'a').attribute('type', 'i').chars('b:int').text(0x88, [7], true).end()
      .end().leaf('MessageName', 'Update').end()
      .build();
    // Act
    const fast = outcome(() => contextFromNbfx(bytes, DEFAULT_DECODE_LIMITS));
    const general = outcome(() => {
      const path = new Path();
      return new ContextMapper(new TreePullReader(readNbfx(bytes, DEFAULT_DECODE_LIMITS), path), DEFAULT_DECODE_LIMITS, path).readRoot();
    });
    // Assess
    expect(fast).toContain('namespace prefix \\"b\\" is not declared');
    expect(fast).toBe(general);
  });

  it('maxAttributes counts the declarations after i:type on the fast path too', () => {
    // Prepare: the root has two attributes (within the limit), the value element three
    const limits = { ...DEFAULT_DECODE_LIMITS, maxAttributes: 2 };
    const bytes = nbfx()
      .element('RemoteExecutionContext').xmlns(XRM).xmlns(XSI, 'i')
      .element('InputParameters')
      .element('KeyValuePairOfstringanyType').leaf('key', 'k0').element('value').attribute('type', 'i').chars('b:int').xmlns(XSD, 'b').xmlns(XSD, 'c').text(0x88, [7], true).end()
      .end().leaf('MessageName', 'Update').end()
      .build();
    // Act
    const fast = outcome(() => contextFromNbfx(bytes, limits));
    const general = outcome(() => {
      const path = new Path();
      return new ContextMapper(new TreePullReader(readNbfx(bytes, limits), path), limits, path).readRoot();
    });
    // Assess
    expect(fast).toContain('maxAttributes');
    expect(fast).toBe(general);
  });
});
