/**
 * UTF-8 byte ranges → strings: the three ways `utf8Text` decodes (the native call for short ranges, the loop for
 * middle ones, ICU's transcoder for long ones) give what the standard decoder gives.
 */
import { describe, expect, it } from 'vitest';
import { latin1Text, utf8Text } from '../../../shared/context/xml/utf8Text';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Text of about `bytes` UTF-8 bytes, every sequence length present (1 to 4 bytes, surrogate pairs included). */
function mixed(bytes: number): string {
  const unit = 'a Ё 東京 😀 ';
  return unit.repeat(Math.ceil(bytes / encoder.encode(unit).length));
}

describe('utf8Text', () => {
  it.each([
    ['short (native call)', 100],
    ['middle (loop)', 4000],
    ['long (transcoder)', 40_000],
  ])('decodes a %s range as TextDecoder does', (_label, size) => {
    // Prepare: the range sits inside other bytes, as a value inside a body
    const text = mixed(size);
    const body = encoder.encode(`<v>${text}</v>`);
    // Act
    const decoded = utf8Text(body, 3, body.length - 4);
    // Assess
    expect(decoded).toBe(decoder.decode(body.subarray(3, body.length - 4)));
    expect(decoded).toBe(text);
  });

  it('decodes a long range of a plain Uint8Array (not a Buffer)', () => {
    // Prepare
    const text = '東'.repeat(10_000);
    const bytes = new Uint8Array(encoder.encode(text));
    // Act
    const decoded = utf8Text(bytes, 0, bytes.length);
    // Assess
    expect(decoded).toBe(text);
  });
});

describe('latin1Text', () => {
  it('gives one character per byte', () => {
    // Prepare
    const bytes = encoder.encode('<a>é</a>');
    // Act
    const text = latin1Text(bytes, 0, bytes.length);
    // Assess
    expect([...text].map((c) => c.charCodeAt(0))).toEqual([...bytes]);
  });
});
