/**
 * The binary decoder's direct path (shared/context/nbfx/direct/): on the golden bodies it returns the general
 * reader's model (and is used for all those it covers), and on every unusual body it hands off, so that the
 * general reader gives the model or the error.
 */
import { describe, expect, it } from 'vitest';
import { decodeContextAs } from '../../../shared/context/decodeContext';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import { contextFromGeneralReader } from '../../../shared/context/nbfx/contextFromNbfx';
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
