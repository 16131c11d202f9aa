/**
 * The UTF-8 step of the JSON path: the same text as a fatal `TextDecoder` (BOM dropped), and the same refusals.
 */
import { describe, expect, it } from 'vitest';
import { decodeContext } from '../../../shared/context/decodeContext';
import { isDecodeError } from '../../../shared/context/errors';
import { jsonText } from '../../../shared/context/json/jsonText';
import { contextJson, thrown } from './dcjs';
import { seededRandom } from '../../../bench/fuzz-nbfx';

const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

/** The reference decoding, or `'fails'`. */
function referenceText(bytes: Uint8Array): string {
  try {
    return reference.decode(bytes);
  } catch {
    return 'fails';
  }
}

/** `jsonText`, or `'fails'` when it throws INVALID_JSON (anything else is rethrown, failing the test). */
function ourText(bytes: Uint8Array): string {
  try {
    return jsonText(bytes);
  } catch (error) {
    if (isDecodeError(error) && error.code === 'INVALID_JSON') return 'fails';
    throw error;
  }
}

/** A plain `Uint8Array` (not a `Buffer`) viewing the bytes at a non-zero offset of a larger buffer. */
function offsetView(bytes: Uint8Array): Uint8Array {
  const backing = new Uint8Array(bytes.length + 7);
  backing.set(bytes, 5);
  return backing.subarray(5, 5 + bytes.length);
}

const SMALL_ASCII = '{"MessageName":"Update","Name":"Contoso \\u00e9"}';
const SMALL_TEXT = '{"name":"Café Zürich — 東京 😀"}';
const LARGE_TEXT = `{"description":"${'漢字かなカナ, Ünïcödé text 😀. '.repeat(1200)}"}`;

describe('jsonText: valid UTF-8', () => {
  it.each([
    ['ASCII', SMALL_ASCII],
    ['small non-ASCII', SMALL_TEXT],
    ['large non-ASCII', LARGE_TEXT],
    ['large, mostly ASCII', `{"a":"${'x'.repeat(20_000)}é"}`],
  ])('%s: the same text as TextDecoder, from a Buffer and from an offset Uint8Array', (_name, text) => {
    // Prepare
    const bytes = encode(text);

    // Act
    const fromBuffer = jsonText(Buffer.from(bytes));
    const fromView = jsonText(offsetView(bytes));

    // Assess
    expect(fromBuffer).toBe(text);
    expect(fromView).toBe(text);
  });

  it.each([
    ['ASCII', SMALL_ASCII],
    ['small non-ASCII', SMALL_TEXT],
    ['large non-ASCII', LARGE_TEXT],
  ])('%s after a byte order mark: the mark is dropped', (_name, text) => {
    // Prepare
    const bytes = Uint8Array.from([...BOM, ...encode(text)]);

    // Act
    const result = jsonText(bytes);

    // Assess
    expect(result).toBe(text);
  });

  it('a body that is only a byte order mark is empty text', () => {
    // Act
    const result = jsonText(Uint8Array.from(BOM));

    // Assess
    expect(result).toBe('');
  });
});

describe('jsonText: invalid UTF-8 → INVALID_JSON', () => {
  it.each([
    ['a lone continuation byte', [0x80]],
    ['0xFF', [0xff]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf]],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence', [0xe6, 0xbc]],
  ])('%s, in a small and in a large body', (_name, bad) => {
    // Prepare
    const small = Uint8Array.from([...encode('{"a":"'), ...bad, ...encode('"}')]);
    const large = Uint8Array.from([...encode(LARGE_TEXT.slice(0, -2)), ...bad, ...encode('"}')]);

    // Act
    const results = [small, large].map((bytes) => ourText(bytes));

    // Assess
    expect(results).toEqual(['fails', 'fails']);
  });

  it('through decodeContext, with the code and message', () => {
    // Prepare
    const body = encode(contextJson());
    const bad = Uint8Array.from([...body.subarray(0, 20), 0xc3, 0x28, ...body.subarray(20)]);

    // Act
    const error = thrown(() => decodeContext(bad, 'application/json'));

    // Assess
    expect(isDecodeError(error) && error.code).toBe('INVALID_JSON');
    expect(error instanceof Error && error.message).toMatch(/not valid UTF-8/);
  });
});

describe('jsonText agrees with TextDecoder on seeded mutations', () => {
  it.each([1, 2, 3, 4])('seed %i: 300 mutated bodies, small and large', (seed) => {
    // Prepare
    const next = seededRandom(seed);
    const sources = [encode(SMALL_TEXT), encode(LARGE_TEXT), encode(SMALL_ASCII)];
    const disagreements: string[] = [];

    // Act
    for (let i = 0; i < 300; i++) {
      const bytes = Uint8Array.from(sources[i % sources.length] as Uint8Array);
      const changes = 1 + Math.floor(next() * 3);
      for (let c = 0; c < changes; c++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const body = next() < 0.2 ? Uint8Array.from([...BOM, ...bytes]) : bytes;
      if (ourText(body) !== referenceText(body)) disagreements.push(`body ${i}`);
    }

    // Assess
    expect(disagreements).toEqual([]);
  });
});
