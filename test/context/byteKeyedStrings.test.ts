/**
 * The string tables the readers share: a lookup returns the string kept for exactly those bytes or nothing, never
 * another string whose hash met; strings that collide in one set both stay; the readers' wrappers (decodeName,
 * cachedKey, asciiGuid) return what the bytes mean however full the tables are.
 */
import { describe, expect, it } from 'vitest';
import { ByteKeyedStrings } from '../../shared/context/byteKeyedStrings';
import { asciiGuid, decodeName } from '../../shared/context/nbfx/decodeString';
import { cachedKey } from '../../shared/context/xml/keyCache';
import { seededRandom } from '../../bench/fuzz-nbfx';

const viewOf = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Stores `text` (ASCII) in `table` the way the readers do, from a buffer with the text at an offset. */
function put(table: ByteKeyedStrings, text: string): string {
  const bytes = Buffer.from(`##${text}`, 'latin1');
  return table.add(bytes, viewOf(bytes), 2, 2 + text.length, text);
}

function get(table: ByteKeyedStrings, text: string): string | undefined {
  const bytes = Buffer.from(`@${text}!`, 'latin1');
  return table.find(bytes, viewOf(bytes), 1, 1 + text.length);
}

describe('ByteKeyedStrings', () => {
  it('finds what was added, by its bytes, at any offset', () => {
    // Prepare
    const table = new ByteKeyedStrings(16, 32);
    // Act
    put(table, 'accountid');
    put(table, 'ab');
    // Assess
    expect(get(table, 'accountid')).toBe('accountid');
    expect(get(table, 'ab')).toBe('ab');
    expect(get(table, 'accountie')).toBeUndefined();
    expect(get(table, 'accounti')).toBeUndefined();
    expect(get(table, 'a')).toBeUndefined();
  });

  it('never answers with another string: 5 000 random names through a 4-set table', () => {
    // Prepare: far more names than slots, many of them sharing first, middle and last bytes.
    const table = new ByteKeyedStrings(4, 24);
    const random = seededRandom(11);
    const letters = 'abc_1';
    const names = Array.from({ length: 5000 }, () => Array.from({ length: 1 + Math.floor(random() * 24) }, () => letters[Math.floor(random() * letters.length)]).join(''));
    const wrong: string[] = [];
    // Act
    for (const name of names) {
      const found = get(table, name);
      if (found !== undefined && found !== name) wrong.push(`${name} → ${found}`);
      if (found === undefined) put(table, name);
    }
    // Assess
    expect(wrong).toEqual([]);
  });

  it('keeps both of two strings in one set, and a third replaces the older', () => {
    // Prepare: with one set, every string falls in it.
    const table = new ByteKeyedStrings(1, 16);
    // Act
    put(table, 'first');
    put(table, 'second');
    const bothKept = [get(table, 'first'), get(table, 'second')];
    put(table, 'third');
    // Assess
    expect(bothKept).toEqual(['first', 'second']);
    expect([get(table, 'first'), get(table, 'second'), get(table, 'third')]).toEqual([undefined, 'second', 'third']);
  });

  it('ignores lengths it never keeps: empty, and longer than maxLength', () => {
    // Prepare
    const table = new ByteKeyedStrings(8, 4);
    // Act
    const returned = put(table, 'toolong');
    // Assess
    expect(returned).toBe('toolong');
    expect(get(table, 'toolong')).toBeUndefined();
    expect(get(table, '')).toBeUndefined();
  });

  it('keeps __proto__ and numeric strings as themselves', () => {
    // Prepare
    const table = new ByteKeyedStrings(8, 16);
    // Act
    put(table, '__proto__');
    put(table, '0042');
    put(table, '42');
    // Assess
    expect([get(table, '__proto__'), get(table, '0042'), get(table, '42')]).toEqual(['__proto__', '0042', '42']);
  });

  it('refuses a set count that is not a power of two up to 65536', () => {
    // Prepare / Act / Assess
    expect(() => new ByteKeyedStrings(1000, 16)).toThrow(RangeError);
    expect(() => new ByteKeyedStrings(1 << 17, 16)).toThrow(RangeError);
  });
});

describe('the readers over the shared tables', () => {
  it('decodeName and cachedKey return what the bytes mean for 20 000 names, ASCII or not', () => {
    // Prepare
    const random = seededRandom(5);
    const alphabet = ['a', 'b', 'Z', '_', '1', 'é', '中'];
    const texts = Array.from({ length: 20_000 }, () => Array.from({ length: 1 + Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const wrong: string[] = [];
    // Act
    for (const text of texts) {
      const bytes = Buffer.from(`<k>${text}</k>`, 'utf8');
      const end = bytes.length - 4;
      const name = decodeName(bytes, viewOf(bytes), 3, end);
      if (name !== text) wrong.push(`decodeName ${text} → ${name}`);
      const key = cachedKey(bytes, viewOf(bytes), bytes.toString('latin1'), 3, end);
      if (key !== undefined && key !== text) wrong.push(`cachedKey ${text} → ${key}`);
    }
    // Assess
    expect(wrong).toEqual([]);
  });

  it('asciiGuid tells apart GUIDs made in sequence, whichever group they differ in', () => {
    // Prepare: GUIDs differing only in the second word (bytes 4–7), only in the middle, only at the end.
    const guids = [
      ...Array.from({ length: 300 }, (_, i) => `c0aa${String(i).padStart(4, '0')}-1f2e-4d3c-8b4a-59687a6b7c8d`),
      ...Array.from({ length: 300 }, (_, i) => `6420f0cc-916b-${String(i).padStart(4, '0')}-9ae6-000d3a688809`),
      ...Array.from({ length: 300 }, (_, i) => `6420f0cc-916b-ee11-9ae6-000d3a68${String(i).padStart(4, '0')}`),
    ];
    // Act: twice, the second time through whatever the table kept.
    const read = [...guids, ...guids].map((guid) => {
      const bytes = Buffer.from(guid, 'latin1');
      return asciiGuid(bytes, viewOf(bytes), 0);
    });
    // Assess
    expect(read).toEqual([...guids, ...guids]);
  });
});
