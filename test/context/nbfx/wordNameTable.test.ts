/**
 * The binary reader's name and URI tables: the same ids as `xml/names.ts`, from bytes anywhere in a body.
 */
import { describe, expect, it } from 'vitest';
import { NAME_WORDS, URI_WORDS, WordNameTable } from '../../../shared/context/nbfx/wordNameTable';
import { NAME_STRINGS, NAMES, URI_STRINGS, URIS } from '../../../shared/context/xml/names';

const encoder = new TextEncoder();

/** `text` at `offset` in a buffer with `after` bytes following it. */
function placed(text: string, offset: number, after: number): { bytes: Uint8Array; view: DataView; start: number; end: number } {
  const encoded = encoder.encode(text);
  const bytes = new Uint8Array(offset + encoded.length + after).fill(0x61);
  bytes.set(encoded, offset);
  return { bytes, view: new DataView(bytes.buffer), start: offset, end: offset + encoded.length };
}

describe('WordNameTable', () => {
  it.each([
    ['names', NAME_WORDS, NAME_STRINGS],
    ['URIs', URI_WORDS, URI_STRINGS],
  ] as const)('finds every one of the %s at any alignment, also at the very end of the bytes', (_kind, table, strings) => {
    // Prepare
    const misses: string[] = [];
    // Act
    strings.forEach((text, id) => {
      for (const offset of [0, 1, 2, 3]) {
        for (const after of [0, 1, 5]) {
          const { bytes, view, start, end } = placed(text, offset, after);
          if (table.fromBytes(bytes, view, start, end) !== id) misses.push(`${text}@${offset}+${after}`);
        }
      }
    });
    // Assess
    expect(misses).toEqual([]);
  });

  it('gives the ids of the tables the text XML reader uses', () => {
    // Prepare
    const samples = ['KeyValuePairOfstringanyType', 'key', 'Id', 'a', 'nil', 'type', 'string', 'guid', 'EntityReference'];
    // Act
    const ids = samples.map((text) => {
      const { bytes, view, start, end } = placed(text, 0, 0);
      return [NAME_WORDS.fromBytes(bytes, view, start, end), NAMES.fromString(text)];
    });
    const uris = URI_STRINGS.map((uri) => {
      const { bytes, view, start, end } = placed(uri, 0, 0);
      return [URI_WORDS.fromBytes(bytes, view, start, end), URIS.fromString(uri)];
    });
    // Assess
    for (const [words, names] of [...ids, ...uris]) expect(words).toBe(names);
  });

  it('finds nothing for a known name with any one byte changed, shortened or lengthened', () => {
    // Prepare
    const found: string[] = [];
    // Act
    for (const text of NAME_STRINGS.filter((name) => name.length > 0)) {
      const variants = [text.slice(0, -1), `${text}x`, `x${text}`];
      for (let i = 0; i < text.length; i++) variants.push(`${text.slice(0, i)}\u007f${text.slice(i + 1)}`);
      for (const variant of variants) {
        const { bytes, view, start, end } = placed(variant, 1, 2);
        const id = NAME_WORDS.fromBytes(bytes, view, start, end);
        if (id !== 0 && NAME_STRINGS[id] !== variant) found.push(variant);
      }
    }
    // Assess
    expect(found).toEqual([]);
  });

  it('answers 0 for the empty range and for names outside the table', () => {
    // Prepare
    const table = new WordNameTable(['', 'key', 'value'], 16);
    const { bytes, view } = placed('keyvaluekeys', 0, 0);
    // Act
    const ids = [table.fromBytes(bytes, view, 0, 0), table.fromBytes(bytes, view, 0, 3), table.fromBytes(bytes, view, 3, 8), table.fromBytes(bytes, view, 8, 12)];
    // Assess
    expect(ids).toEqual([0, 1, 2, 0]);
  });
});
