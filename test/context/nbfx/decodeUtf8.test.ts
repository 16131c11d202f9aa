/**
 * Short UTF-8 strings are checked by a hand-written validator (isWellFormedUtf8) and made by V8's UTF-8 slice: both
 * must agree with the references, Node's native `isUtf8` and a fatal `TextDecoder`, on every byte sequence.
 */
import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, isWellFormedUtf8 } from '../../../shared/context/nbfx/decodeString';
import { seededRandom } from '../../../bench/fuzz-nbfx';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The reference decoding: the string, or undefined when the bytes are not UTF-8. */
function reference(bytes: Uint8Array): string | undefined {
  try {
    return fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

describe('isWellFormedUtf8', () => {
  it('agrees with isUtf8 on every sequence of one or two bytes', () => {
    // Prepare
    const disagreements: string[] = [];
    const pair = new Uint8Array(2);
    // Act
    for (let a = 0; a < 256; a++) {
      if (isWellFormedUtf8(Uint8Array.of(a), 0, 1) !== isUtf8(Uint8Array.of(a))) disagreements.push(a.toString(16));
      for (let b = 0; b < 256; b++) {
        pair[0] = a;
        pair[1] = b;
        if (isWellFormedUtf8(pair, 0, 2) !== isUtf8(pair)) disagreements.push(`${a.toString(16)} ${b.toString(16)}`);
      }
    }
    // Assess
    expect(disagreements).toEqual([]);
  });

  it('agrees with isUtf8 on every three-byte sequence led by E0–F4, and on four-byte ones around every boundary', () => {
    // Prepare: the second byte decides overlongs, surrogates and the U+10FFFF limit, so it takes every value.
    const disagreements: string[] = [];
    const three = new Uint8Array(3);
    const four = new Uint8Array(4);
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff];
    // Act
    for (let a = 0xe0; a <= 0xf4; a++) {
      for (let b = 0; b < 256; b++) {
        for (let c = 0; c < 256; c++) {
          three[0] = a;
          three[1] = b;
          three[2] = c;
          if (isWellFormedUtf8(three, 0, 3) !== isUtf8(three)) disagreements.push([a, b, c].map((x) => x.toString(16)).join(' '));
        }
        for (const c of edges) {
          for (const d of edges) {
            four.set([a, b, c, d]);
            if (isWellFormedUtf8(four, 0, 4) !== isUtf8(four)) disagreements.push([a, b, c, d].map((x) => x.toString(16)).join(' '));
          }
        }
      }
    }
    // Assess
    expect(disagreements).toEqual([]);
  });

  it('reads only its range: a sequence cut by the end is refused even when the next byte would complete it', () => {
    // Prepare: 'é' is C3 A9; the range ends after C3.
    const bytes = Uint8Array.of(0x41, 0xc3, 0xa9);
    // Act / Assess
    expect(isWellFormedUtf8(bytes, 0, 2)).toBe(false);
    expect(isWellFormedUtf8(bytes, 0, 3)).toBe(true);
    expect(isWellFormedUtf8(bytes, 2, 3)).toBe(false);
  });
});

describe('decodeUtf8', () => {
  it('gives what a fatal TextDecoder gives for 100 000 random short byte strings, valid or not', () => {
    // Prepare: bytes biased towards lead and continuation bytes, so that about half the strings are valid.
    const random = seededRandom(17);
    const pool = [0x41, 0x7a, 0x20, 0x00, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xc3, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xc0, 0xff, 0xef, 0xbb];
    const mismatches: string[] = [];
    let valid = 0;
    // Act
    for (let n = 0; n < 100_000; n++) {
      const length = 1 + Math.floor(random() * 12);
      const bytes = Uint8Array.from({ length: length + 4 }, () => pool[Math.floor(random() * pool.length)]!);
      const expected = reference(bytes.subarray(2, 2 + length));
      if (expected !== undefined) valid++;
      const actual = decodeUtf8(bytes, 2, 2 + length);
      if (actual !== expected) mismatches.push(Buffer.from(bytes.subarray(2, 2 + length)).toString('hex'));
    }
    // Assess
    expect(mismatches).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
  });

  it('keeps a BOM and decodes every kind of character in short and long strings', () => {
    // Prepare
    const texts = ['\ufeffZoë', 'Straße', '€100.50', '中文', '😀 emoji', 'Ångström AB — ' + 'x'.repeat(60) + 'é'];
    // Act
    const decoded = texts.map((text) => {
      const bytes = Buffer.from(`<${text}>`, 'utf8');
      return decodeUtf8(bytes, 1, bytes.length - 1);
    });
    // Assess
    expect(decoded).toEqual(texts);
  });
});
