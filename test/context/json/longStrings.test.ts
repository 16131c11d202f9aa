/**
 * Large bodies with long strings: the cut path (`splitLongStrings` + `restoreLongStrings`) must give exactly what the
 * plain path (`jsonText` + `contextFromJsonText`) gives, results and errors alike, and fall back when unsure.
 */
import { describe, expect, it } from 'vitest';
import { contextFromJsonBytes, contextFromJsonText } from '../../../shared/context/json/contextFromJson';
import { jsonText } from '../../../shared/context/json/jsonText';
import { LARGE_BODY_BYTES, LONG_STRING_BYTES, restoreLongStrings, splitLongStrings } from '../../../shared/context/json/longStrings';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { Entity } from '../../../shared/context/model';
import { readExpected, readGolden } from '../../helpers/fixtures';
import { contextJson, entityJson, kv } from './dcjs';
import { seededRandom } from '../../../bench/fuzz-nbfx';

const encode = (text: string): Buffer => Buffer.from(text, 'utf8');

/** What a decode gave: the context as plain data, or the error's observable parts. */
function outcome(run: () => unknown): unknown {
  try {
    return { context: JSON.parse(JSON.stringify(run())) as unknown };
  } catch (error) {
    if (!isDecodeError(error)) throw error;
    return { error: { code: error.code, message: error.message, path: error.path, offset: error.offset } };
  }
}

/** The outcomes of the plain path and of the bytes entry (which takes the cut path when it can). */
function bothPaths(bytes: Buffer, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): { plain: unknown; bytes: unknown } {
  return {
    plain: outcome(() => contextFromJsonText(jsonText(bytes), limits)),
    bytes: outcome(() => contextFromJsonBytes(bytes, limits)),
  };
}

/** `count` characters of `unit` repeated (cut to length), as a JSON string literal's raw text (no quotes). */
const filler = (unit: string, length: number): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const LONG_ASCII = `${filler('Line: the "quick" brown fox jumps over the lazy dog, \\ back\n\t/ slash é. ', 20_000)}ends with a backslash \\`;
const LONG_CJK = filler('東京大阪名古屋札幌福岡神戸京都横浜', 20_000);
const LONG_EMOJI = filler('😀 smile, ', 9_000);
const LONG_KEY = `key_${filler('k', LONG_STRING_BYTES + 10)}`;
const LONG_MEMBER = `member_${filler('m', LONG_STRING_BYTES + 10)}`;

/**
 * A large context: long values in the Target (ASCII with escapes, CJK, emoji, in an array, as a collection key),
 * and an object with a long member name.
 */
function largeBody(extraAttributes: Record<string, string> = {}): string {
  const target = entityJson({
    attributes: {
      description: JSON.stringify(LONG_ASCII),
      name: JSON.stringify(LONG_CJK),
      emoji: JSON.stringify(LONG_EMOJI),
      [LONG_KEY]: '"short value"',
      tags: JSON.stringify(['a', LONG_CJK, 'b\\"', LONG_ASCII]),
      custom: `{"__type":"Custom:#Contoso",${JSON.stringify(LONG_MEMBER)} : "short",${JSON.stringify(LONG_MEMBER + 'x')}\t:1}`,
      ...extraAttributes,
    },
  });
  return contextJson({ InputParameters: kv({ Target: target }), SharedVariables: kv({ payload: JSON.stringify(LONG_ASCII) }) });
}

describe('splitLongStrings', () => {
  it('cuts out every long string value, in body order, and leaves long member names in place', () => {
    // Prepare
    const bytes = encode(largeBody());

    // Act
    const cut = splitLongStrings(bytes);

    // Assess
    expect(bytes.length).toBeGreaterThanOrEqual(LARGE_BODY_BYTES);
    expect(cut?.values).toStrictEqual([LONG_ASCII, LONG_CJK, LONG_EMOJI, LONG_KEY, LONG_CJK, LONG_ASCII, LONG_ASCII]);
    expect(cut?.skeleton.length).toBeLessThan(LONG_MEMBER.length * 2 + 3000);
    expect(cut?.skeleton).toContain(`"${LONG_MEMBER}" :`);
  });

  it('leaves a small body to the plain path', () => {
    // Prepare
    const bytes = encode(contextJson({ SharedVariables: kv({ payload: JSON.stringify(filler('x', LONG_STRING_BYTES * 2)) }) }));

    // Act
    const cut = splitLongStrings(bytes);

    // Assess
    expect(bytes.length).toBeLessThan(LARGE_BODY_BYTES);
    expect(cut).toBeUndefined();
  });

  it('leaves a large ASCII body to the plain path (its text is one byte a character)', () => {
    // Prepare
    const bytes = encode(contextJson({ SharedVariables: kv({ a: JSON.stringify(filler('x', LARGE_BODY_BYTES)) }) }));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(bytes.length).toBeGreaterThanOrEqual(LARGE_BODY_BYTES);
    expect(cut).toBeUndefined();
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it.each([
    ['many short strings', (i: number) => `"välue ${i}"`],
    ['long strings full of escaped quotes', (i: number) => (i === 0 ? JSON.stringify(filler('ü "q" ', LARGE_BODY_BYTES)) : '1')],
  ])('leaves a large body dense with quotes to the plain path: %s', (_name, value) => {
    // Prepare
    const attributes: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) attributes[`attribute${i}`] = value(i);
    const bytes = encode(contextJson({ InputParameters: kv({ Target: entityJson({ attributes }) }) }));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(bytes.length).toBeGreaterThanOrEqual(LARGE_BODY_BYTES);
    expect(cut).toBeUndefined();
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('refuses a body that holds \\u0000 of its own, which could pass for a placeholder', () => {
    // Prepare
    const bytes = encode(largeBody({ nul: '"\\u00000"' }));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(cut).toBeUndefined();
    expect((paths.bytes as { context: { inputParameters: { Target: Entity } } }).context.inputParameters.Target.attributes['nul']).toBe('\u00000');
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('keeps \\u0000 inside a long string (not in the skeleton), and the value is not taken for a placeholder', () => {
    // Prepare
    const value = `\u00000${filler('z', LONG_STRING_BYTES)}`;
    const bytes = encode(largeBody({ nul: JSON.stringify(value) }));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(cut?.values).toContain(value);
    expect(paths.bytes).toStrictEqual(paths.plain);
  });
});

describe('contextFromJsonBytes on large bodies: the same as the plain path', () => {
  it('strings-long.json decodes to the expected model', () => {
    // Prepare
    const bytes = Buffer.from(readGolden('strings-long', 'json'));

    // Act
    const cut = splitLongStrings(bytes);
    const context = outcome(() => contextFromJsonBytes(bytes, DEFAULT_DECODE_LIMITS));

    // Assess
    expect(cut?.values.length).toBeGreaterThan(0);
    expect(context).toStrictEqual({ context: readExpected('strings-long') });
  });

  it('long ASCII (with escapes), CJK and emoji strings, in members and array items', () => {
    // Prepare
    const bytes = encode(largeBody());

    // Act
    const paths = bothPaths(bytes);

    // Assess
    const target = (paths.bytes as { context: { inputParameters: { Target: Entity } } }).context.inputParameters.Target;
    expect(target.attributes['description']).toBe(LONG_ASCII);
    expect(target.attributes['name']).toBe(LONG_CJK);
    expect(target.attributes['tags']).toStrictEqual(['a', LONG_CJK, 'b\\"', LONG_ASCII]);
    expect(target.attributes[LONG_KEY]).toBe('short value');
    expect(target.attributes['custom']).toHaveProperty(['value', LONG_MEMBER], 'short');
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it.each([
    ['an escaped quote right at the length threshold', `${filler('q', LONG_STRING_BYTES - 1)}"${filler('q', 10)}`],
    ['a run of backslashes before an escaped quote', `${filler('b', LONG_STRING_BYTES)}\\\\\\"\\\\`],
    ['a \\u escape of a surrogate pair', `${filler('s', LONG_STRING_BYTES)}😀\u00e9`],
  ])('%s', (_name, value) => {
    // Prepare
    const bytes = encode(largeBody({ edge: JSON.stringify(value), after: '"\\\\"' }));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(cut?.values).toContain(value);
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('a long value of a __proto__ member is an own member, as in the plain path', () => {
    // Prepare
    const unknown = `{"__type":"Custom:#Contoso","__proto__":${JSON.stringify(LONG_CJK)},"x":1}`;
    const bytes = encode(largeBody({ custom: unknown }));

    // Act
    const paths = bothPaths(bytes);

    // Assess
    const custom = (paths.bytes as { context: { inputParameters: { Target: Entity } } }).context.inputParameters.Target.attributes['custom'];
    expect(custom).toStrictEqual({ kind: 'Unknown', type: 'Custom', namespace: 'http://schemas.datacontract.org/2004/07/Contoso', value: { ['__proto__']: LONG_CJK, x: 1 } });
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('a byte order mark before a large body', () => {
    // Prepare
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), encode(largeBody())]);

    // Act
    const paths = bothPaths(bytes);

    // Assess
    expect(paths.bytes).toHaveProperty('context.messageName', 'Update');
    expect(paths.bytes).toStrictEqual(paths.plain);
  });
});

describe('contextFromJsonBytes on bad large bodies: the same errors as the plain path', () => {
  /** The large body's bytes with `bad` bytes put in place of the first occurrence of `marker`. */
  function withBytes(marker: string, bad: number[]): Buffer {
    const bytes = encode(largeBody({ edge: JSON.stringify(`${filler('m', LONG_STRING_BYTES)}${marker}`) }));
    const at = bytes.indexOf(marker);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at + marker.length)]);
  }

  it.each([
    ['bad UTF-8 inside a long string', withBytes('@@', [0xc3, 0x28])],
    ['a surrogate encoded in UTF-8 inside a long string', withBytes('@@', [0xed, 0xa0, 0x80])],
    ['bad UTF-8 in the rest of the body', Buffer.concat([encode(largeBody()).subarray(0, -1), Buffer.from([0xff, 0x7d])])],
  ])('%s: INVALID_JSON (not UTF-8)', (_name, bytes) => {
    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(cut).toBeUndefined();
    expect(paths.bytes).toMatchObject({ error: { code: 'INVALID_JSON', message: 'The body is not valid UTF-8' } });
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it.each([
    ['a raw tab inside a long string', withBytes('@@', [0x09])],
    ['a bad escape inside a long string', withBytes('@@', [0x5c, 0x78])],
    ['a missing comma after a long string', encode(largeBody().replace(`${JSON.stringify(LONG_EMOJI)}},`, `${JSON.stringify(LONG_EMOJI)}}`))],
    ['a backslash before a long string', encode(largeBody().replace(`"value":${JSON.stringify(LONG_EMOJI)}`, `"value":\\${JSON.stringify(LONG_EMOJI)}`))],
    ['a long string that is never closed', encode(`{"MessageName":"${filler('ü', LARGE_BODY_BYTES)}`)],
    ['a long string closed by an escaped quote only', encode(`{"MessageName":"${filler('ü', LARGE_BODY_BYTES)}\\"}`)],
  ])('%s: INVALID_JSON at the same offset', (_name, bytes) => {
    // Act
    const paths = bothPaths(bytes);

    // Assess
    expect(paths.bytes).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('a long string over maxStringLength: LIMIT_EXCEEDED with its path', () => {
    // Prepare
    const bytes = encode(largeBody());
    const limits = { ...DEFAULT_DECODE_LIMITS, maxStringLength: LONG_STRING_BYTES * 2 };

    // Act
    const paths = bothPaths(bytes, limits);

    // Assess
    expect(paths.bytes).toMatchObject({ error: { code: 'LIMIT_EXCEEDED', path: 'InputParameters.Target.Attributes.description' } });
    expect(paths.bytes).toStrictEqual(paths.plain);
  });

  it('a body that is one long string: NOT_A_CONTEXT', () => {
    // Prepare
    const bytes = encode(JSON.stringify(LONG_CJK + LONG_ASCII));

    // Act
    const cut = splitLongStrings(bytes);
    const paths = bothPaths(bytes);

    // Assess
    expect(cut?.skeleton).toBe('"\\u00000"');
    expect(paths.bytes).toMatchObject({ error: { code: 'NOT_A_CONTEXT' } });
    expect(paths.bytes).toStrictEqual(paths.plain);
  });
});

describe('contextFromJsonBytes on mutated large bodies: the same outcome as the plain path', () => {
  it('300 seeded mutations (quotes, backslashes, colons, bad and good UTF-8 bytes) near the long strings', () => {
    // Prepare: a large body, then copies with a few bytes changed, mostly around the cuts
    const random = seededRandom(20261126);
    const original = encode(largeBody());
    const cuts: number[] = [];
    for (let at = original.indexOf(0x22); at >= 0; at = original.indexOf(0x22, at + 1)) cuts.push(at);
    const bytesToPut = [0x22, 0x5c, 0x3a, 0x2c, 0x20, 0x00, 0x0a, 0x75, 0x30, 0x80, 0xc3, 0xa9, 0xed, 0xff, 0x7d, 0x5d];
    const bodies: Buffer[] = [];
    for (let n = 0; n < 300; n++) {
      const bytes = Buffer.from(original);
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const near = cuts[Math.floor(random() * cuts.length)] as number;
        const at = Math.min(bytes.length - 1, Math.max(0, near + Math.floor(random() * 9) - 4));
        bytes[at] = bytesToPut[Math.floor(random() * bytesToPut.length)] as number;
      }
      bodies.push(bytes);
    }

    // Act
    const outcomes = bodies.map((bytes) => bothPaths(bytes));

    // Assess: every mutation decodes (or fails) alike, and some of each kind occur
    for (const paths of outcomes) expect(paths.bytes).toStrictEqual(paths.plain);
    expect(outcomes.filter((paths) => 'context' in (paths.plain as object)).length).toBeGreaterThan(10);
    expect(outcomes.filter((paths) => 'error' in (paths.plain as object)).length).toBeGreaterThan(10);
    expect(bodies.filter((bytes) => splitLongStrings(bytes) !== undefined).length).toBeGreaterThan(10);
  });
});

describe('restoreLongStrings', () => {
  it('puts values back in objects and arrays, at any depth, without recursion', () => {
    // Prepare
    const deep = `${'['.repeat(100_000)}"\\u00001"${']'.repeat(100_000)}`;
    const root = JSON.parse(`{"a":"\\u00000","b":[1,"x",${deep}]}`) as { a: string; b: unknown[] };

    // Act
    const restored = restoreLongStrings(root, ['first', 'second']) as { a: string; b: unknown[] };

    // Assess
    let innermost: unknown = restored.b[2];
    while (Array.isArray(innermost)) innermost = innermost[0];
    expect(restored.a).toBe('first');
    expect(innermost).toBe('second');
  });
});
