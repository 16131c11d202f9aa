/**
 * The binary decoder's direct path (shared/context/nbfx/direct/): on the golden bodies it returns the general
 * reader's model (and is used for all those it covers), and on every unusual body it hands off, so that the
 * general reader gives the model or the error.
 */
import { describe, expect, it } from 'vitest';
import { decodeContextAs } from '../../../shared/context/decodeContext';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { contextFromGeneralReader, contextFromNbfx } from '../../../shared/context/nbfx/contextFromNbfx';
import { decodeDirect, lastHandOffReason } from '../../../shared/context/nbfx/direct/decodeDirect';
import { goldenFixtureNames, readGolden } from '../../helpers/fixtures';

/** Golden bodies the direct path hands off, and why (everything else it must decode itself). */
const HANDED_OFF: Readonly<Record<string, string>> = {};

/** What a decode gave: the model or the error code. */
function outcome(decode: () => unknown): unknown {
  try {
    return decode();
  } catch (error) {
    if (isDecodeError(error)) return `DecodeError ${error.code}`;
    throw error;
  }
}

/** `body` with the first occurrence of `from` (latin1) replaced by `to`. */
function replaced(body: Uint8Array, from: string, to: string): Uint8Array {
  const buffer = Buffer.from(body);
  const at = buffer.indexOf(Buffer.from(from, 'latin1'));
  if (at < 0) throw new Error(`${JSON.stringify(from)} not in the body`);
  return Uint8Array.from(Buffer.concat([buffer.subarray(0, at), Buffer.from(to, 'latin1'), buffer.subarray(at + from.length)]));
}

const allTypes = readGolden('create-account-all-types', 'bin');
const XSD = 'http://www.w3.org/2001/XMLSchema';
const GENERIC = 'http://schemas.datacontract.org/2004/07/System.Collections.Generic';

describe('direct binary path on the golden bodies', () => {
  it.each(goldenFixtureNames())('%s: the direct model equals the general reader model', (name) => {
    // Prepare
    const body = readGolden(name, 'bin');
    // Act
    const direct = decodeDirect(body, DEFAULT_DECODE_LIMITS);
    const general = contextFromGeneralReader(body, DEFAULT_DECODE_LIMITS);
    // Assess
    if (name in HANDED_OFF) {
      expect(direct).toBeUndefined();
      expect(lastHandOffReason()).toBe(HANDED_OFF[name]);
    } else {
      expect(lastHandOffReason()).toBe('');
      expect(direct).toStrictEqual(general);
    }
  });

  it.each(goldenFixtureNames())('%s: decodeContextAs(binary) gives the general reader model', (name) => {
    // Prepare
    const body = readGolden(name, 'bin');
    // Act
    const { context } = decodeContextAs(body, 'binary');
    // Assess
    expect(context).toStrictEqual(contextFromGeneralReader(body, DEFAULT_DECODE_LIMITS));
  });
});

describe('direct binary path on unusual bodies it still reads', () => {
  it('skips an unknown member as the general mapper does', () => {
    // Prepare: IsInTransaction renamed (a member Dataverse might add)
    const body = replaced(allTypes, '\x40\x0fIsInTransaction', '\x40\x0fIsInTransactioo');
    // Act
    const direct = decodeDirect(body, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(direct).toBeDefined();
    expect(direct?.isInTransaction).toBeNull();
    expect(direct).toStrictEqual(contextFromGeneralReader(body, DEFAULT_DECODE_LIMITS));
  });
});

describe('direct binary path hands off', () => {
  it('a value element that re-declares its own prefix (found by fuzzing: the general reader rejects it)', () => {
    // Prepare: <a:value i:type="a:string" xmlns:a="XSD"> — the element is no longer {Generic}value
    const body = replaced(allTypes, `^\x05value.\x04type\x98\x08b:string\x09\x01b`, `^\x05value.\x04type\x98\x08a:string\x09\x01a`);
    // Act
    const direct = decodeDirect(body, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(direct).toBeUndefined();
    expect(lastHandOffReason()).toBe('part rebound');
    expect(outcome(() => decodeContextAs(body, 'binary'))).toMatch(/^DecodeError /);
  });

  const limits = (partial: Partial<DecodeLimits>): DecodeLimits => ({ ...DEFAULT_DECODE_LIMITS, ...partial });
  const cases: [string, Uint8Array, DecodeLimits][] = [
    ['limits', allTypes, limits({ maxRecords: 100 })],
    ['limits', allTypes, limits({ maxBytes: 100 })],
    ['limits', allTypes, limits({ maxStringLength: 100 })],
    ['limits', allTypes, limits({ maxDepth: 5000 })],
    ['root start', replaced(allTypes, 'RemoteExecutionContext', 'RemoteExecutionContexu'), DEFAULT_DECODE_LIMITS],
    ['trailing bytes', Uint8Array.from([...allTypes, 0x01]), DEFAULT_DECODE_LIMITS],
    ['member', replaced(allTypes, '\x40\x0bMessageName', '\x5f\x0bMessageName'), DEFAULT_DECODE_LIMITS],
    ['required member', replaced(allTypes, '\x40\x0bMessageName\x99\x06Create', '\x40\x0bMessageName\x2e\x03nil\x86\x01'), DEFAULT_DECODE_LIMITS],
    ['depth', allTypes, limits({ maxDepth: 5 })],
    ['namespaces', allTypes, limits({ maxNamespaces: 3 })],
    ['xmlns uri', replaced(allTypes, GENERIC, GENERIC.slice(0, -1) + 'C'), DEFAULT_DECODE_LIMITS],
    ['type name', replaced(allTypes, '\x98\x08b:string', '\x98\x08b:strinh'), DEFAULT_DECODE_LIMITS],
    ['item name', replaced(allTypes, 'KeyValuePairOfstringanyType', 'KeyValuePairOfstringanyTypf'), DEFAULT_DECODE_LIMITS],
    ['number record', replaced(allTypes, '\x40\x05Stage\x89\x28', '\x40\x05Stage\x99\x0240'), DEFAULT_DECODE_LIMITS],
    ['utf8', replaced(allTypes, '\x99\x06Create', '\x99\x06Creat\xff'), DEFAULT_DECODE_LIMITS],
    ['xmlns uri', replaced(allTypes, `\x09\x01b\x20${XSD}`, `\x09\x01b\x20${XSD.slice(0, -1)}b`), DEFAULT_DECODE_LIMITS],
    ['xmlns twice', replaced(allTypes, `\x09\x01b\x20${XSD}`, `\x09\x01b\x20${XSD}\x09\x01b\x20${XSD}`), DEFAULT_DECODE_LIMITS],
    ['attributes', replaced(allTypes, '.\x04type\x98\x08b:string', '.\x03nil\x84.\x04type\x98\x08b:string'), limits({ maxAttributes: 2 })],
    ['not an integer', replaced(allTypes, '\x40\x05Stage\x89\x28', '\x40\x05Stage\x93\x00\x00\x00\x00\x00\x00\xf8\x3f'), DEFAULT_DECODE_LIMITS],
    ['xsd type', replaced(allTypes, '\x98\x08b:string', '\x98\x08b:Entity'), DEFAULT_DECODE_LIMITS],
  ];
  it.each(cases)('%s (and the general reader decides)', (reason, body, caseLimits) => {
    // Act
    const direct = decodeDirect(body, caseLimits);
    const why = lastHandOffReason();
    // Assess
    expect(direct).toBeUndefined();
    expect(why).toBe(reason);
    expect(outcome(() => decodeContextAs(body, 'binary', { limits: caseLimits }).context)).toStrictEqual(outcome(() => contextFromGeneralReader(body, caseLimits)));
  });
});

/** Bytes of a latin1 string. */
const latin1 = (s: string): number[] => [...Buffer.from(s, 'latin1')];
const XRM = 'http://schemas.microsoft.com/xrm/2011/Contracts';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const ARRAYS = 'http://schemas.microsoft.com/2003/10/Serialization/Arrays';
const ID = '00000000-0000-0000-0000-000000000001';
const element = (name: string): number[] => [0x40, name.length, ...latin1(name)];
const prefixed = (prefix: string, name: string): number[] => [0x5e + prefix.charCodeAt(0) - 0x61, name.length, ...latin1(name)];
const chars = (s: string): number[] => [0x99, s.length, ...latin1(s)];
const iType = (t: string): number[] => [0x2e, 4, ...latin1('type'), 0x98, t.length, ...latin1(t)];
const xmlns = (prefix: string, uri: string): number[] => [0x09, 1, ...latin1(prefix), uri.length, ...latin1(uri)];
/** An InputParameters item with its parts under prefix `p`. */
const item = (key: string, value: number[], p = 'b'): number[] => [...element('KeyValuePairOfstringanyType'), ...prefixed(p, 'key'), ...chars(key), ...prefixed(p, 'value'), ...value, 0x01];

/** A minimal context: `inputs` inside InputParameters (after `declarations`), `messageName` as the MessageName content. */
function minimalContext(inputs: number[], declarations = xmlns('b', GENERIC), messageName = chars('Create')): Uint8Array {
  return Uint8Array.from([
    ...element('RemoteExecutionContext'), 0x08, XRM.length, ...latin1(XRM), ...xmlns('i', XSI),
    ...element('CorrelationId'), ...chars(ID),
    ...element('InputParameters'), ...declarations, ...inputs, 0x01,
    ...element('MessageName'), ...messageName,
    ...element('OrganizationId'), ...chars(ID),
    ...element('PrimaryEntityName'), ...chars('account'),
    ...element('Stage'), 0x89, 40,
    0x01,
  ]);
}

/** The direct outcome (the model, or undefined for a hand-off) and the general reader's (the model or the error code). */
function bothPaths(body: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): { direct: unknown; general: unknown } {
  return { direct: outcome(() => decodeDirect(body, limits)), general: outcome(() => contextFromGeneralReader(body, limits)) };
}

describe('direct binary path agrees with the general reader (review findings)', () => {
  it('an attribute block on a collection element declares its prefix for the items (stale binding)', () => {
    // Prepare: <Attributes i:type="b:string" xmlns:b=XSD> inside a Target Entity, items <b:key> under it
    const target = [...iType('Entity'), ...element('Attributes'), ...iType('b:string'), ...xmlns('b', XSD), ...item('x', [...iType('c:string'), ...xmlns('c', XSD), ...chars('hi')]), 0x01, 0x01];
    const body = minimalContext(item('Target', target));
    // Act
    const { direct, general } = bothPaths(body);
    // Assess
    expect(general).toBe('DecodeError NOT_A_CONTEXT');
    expect(direct).toBeUndefined();
  });

  it('an attribute block on a collection element changes the type prefix its items use', () => {
    // Prepare: b bound to Arrays outside, re-bound to XSD by <Attributes i:type="b:string" xmlns:b=XSD>
    const value = [...iType('b:ArrayOfstring'), ...prefixed('b', 'string'), ...chars('s1'), 0x01];
    const target = [...iType('Entity'), ...element('Attributes'), ...iType('b:string'), ...xmlns('b', XSD), ...item('x', value, 'a'), 0x01, 0x01];
    const body = minimalContext(item('Target', target, 'a'), [...xmlns('a', GENERIC), ...xmlns('b', ARRAYS)]);
    // Act
    const { direct, general } = bothPaths(body);
    // Assess
    expect(general).toHaveProperty('inputParameters.Target');
    if (direct !== undefined) expect(direct).toStrictEqual(general);
  });

  it.each([3, 4, 5, 6])('counts an attribute block declaration for its descendants (maxNamespaces %i)', (maxNamespaces) => {
    // Prepare: a QueryExpression child with a block, and a grandchild declaring one more prefix
    const query = [...iType('QueryExpression'), ...element('x'), ...iType('c:string'), ...xmlns('c', XSD), ...element('y'), ...xmlns('d', XSD), ...chars('1'), 0x01, 0x01];
    const body = minimalContext(item('q', query));
    const limits = { ...DEFAULT_DECODE_LIMITS, maxNamespaces };
    // Act
    const { direct, general } = bothPaths(body, limits);
    // Assess
    if (direct !== undefined) expect(direct).toStrictEqual(general);
  });

  it('number records in a string slot count toward maxStringLength', () => {
    // Prepare: MessageName = 12 × Int32Text(-2147483648) then Int32TextWithEndElement: 143 characters
    const int32 = [0x8c, 0x00, 0x00, 0x00, 0x80];
    const body = minimalContext([], xmlns('b', GENERIC), [...Array<number[]>(12).fill(int32).flat(), 0x8d, 0x00, 0x00, 0x00, 0x80]);
    const limits = { ...DEFAULT_DECODE_LIMITS, maxStringLength: 128 };
    // Act
    const { direct, general } = bothPaths(body, limits);
    // Assess
    expect(general).toBe('DecodeError LIMIT_EXCEEDED');
    expect(direct).toBeUndefined();
  });

  it('a negative-zero DecimalText is +0 on both paths', () => {
    // Prepare: DecimalText with sign 0x80 and magnitude 0 (.NET renders it "0")
    const negativeZero = [0x95, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const body = minimalContext(item('d', [...iType('c:decimal'), ...xmlns('c', XSD), ...negativeZero]));
    // Act
    const direct = decodeDirect(body, DEFAULT_DECODE_LIMITS);
    const general = contextFromGeneralReader(body, DEFAULT_DECODE_LIMITS);
    // Assess
    expect(Object.is(general.inputParameters['d'], 0)).toBe(true);
    expect(Object.is(direct?.inputParameters['d'], 0)).toBe(true);
    expect(direct).toStrictEqual(general);
  });

  it('contextFromNbfx enforces maxBytes before the direct path', () => {
    // Prepare: a valid body longer than maxBytes
    const body = minimalContext([]);
    const limits = { ...DEFAULT_DECODE_LIMITS, maxBytes: 10 };
    // Act
    const result = outcome(() => contextFromNbfx(body, limits));
    // Assess
    expect(result).toBe('DecodeError LIMIT_EXCEEDED');
    expect(outcome(() => contextFromGeneralReader(body, limits))).toBe('DecodeError LIMIT_EXCEEDED');
  });
});
