/**
 * The word-at-a-time check for forbidden control characters finds exactly what a byte-by-byte check finds, at any
 * alignment of the body in its buffer.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/fuzz-nbfx';
import { firstForbiddenControl } from '../../../shared/context/xml/forbiddenBytes';

/** The byte-by-byte reference. */
function naive(bytes: Uint8Array): number {
  return bytes.findIndex((c) => c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d);
}

/** `bytes` placed at byte offset `shift` of a larger buffer. */
function at(shift: number, bytes: number[]): Uint8Array {
  const out = new Uint8Array(new ArrayBuffer(bytes.length + shift + 3), shift, bytes.length);
  out.set(bytes);
  return out;
}

describe('firstForbiddenControl', () => {
  it('finds every forbidden control byte at every position and alignment', () => {
    // Prepare
    const forbidden = Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 0x09 && c !== 0x0a && c !== 0x0d);
    const found: number[] = [];
    const expected: number[] = [];
    // Act
    for (const c of forbidden) {
      for (let shift = 0; shift < 4; shift++) {
        for (let position = 0; position < 40; position++) {
          const bytes = Array.from({ length: 40 }, (_, i) => (i === position ? c : 0x41 + i));
          found.push(firstForbiddenControl(at(shift, bytes)));
          expected.push(position);
        }
      }
    }
    // Assess
    expect(found).toEqual(expected);
  });

  it('lets tab, line feed, carriage return and non-ASCII bytes pass', () => {
    // Prepare: high bytes beside and below every allowed control byte (no borrow may hide or invent a hit)
    const bytes = [0x09, 0xff, 0x0a, 0x80, 0x0d, 0xef, 0xbf, 0xbe, 0x20, 0x7f, 0x09, 0x0a, 0x0d, 0x0d, 0xc3, 0xa9];
    // Act
    const results = [0, 1, 2, 3].map((shift) => firstForbiddenControl(at(shift, bytes)));
    // Assess
    expect(results).toEqual([-1, -1, -1, -1]);
  });

  it('finds the first of several, as a byte-by-byte scan does (random bodies)', () => {
    // Prepare
    const random = seededRandom(20261126);
    const cases = Array.from({ length: 400 }, () => {
      const length = Math.floor(random() * 64);
      // Mostly allowed bytes; now and then a control byte.
      const bytes = Array.from({ length }, () => (random() < 0.03 ? Math.floor(random() * 0x20) : 0x09 + Math.floor(random() * 0xf7)));
      return at(Math.floor(random() * 4), bytes);
    });
    // Act
    const found = cases.map(firstForbiddenControl);
    // Assess
    expect(found).toEqual(cases.map(naive));
  });
});
