/**
 * The hand-built bodies of `test/fixtures/nbfx/cases.ts` (every record type, including those the serializer rarely
 * emits) read to exactly the tree and text that the reference reader (.NET Framework reference source, via Mono)
 * reads from them; the malformed and dictionary ones fail with the right code and an offset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import { NBFX_BAD_CASES, NBFX_CASES } from '../../fixtures/nbfx/cases';
import { plainTree, treeFromDump } from './treeOf';

interface ExpectedCase {
  name: string;
  hex: string;
  reference: string[];
}
const expected = JSON.parse(readFileSync(join(__dirname, '../../fixtures/nbfx/cases.expected.json'), 'utf8')) as { valid: ExpectedCase[]; invalid: ExpectedCase[] };
const validByName = new Map(expected.valid.map((c) => [c.name, c]));
const invalidByName = new Map(expected.invalid.map((c) => [c.name, c]));

describe('hand-built NBFX bodies', () => {
  it('has a reference reading for every case, made from the same bytes', () => {
    // Prepare
    const hexes = [...NBFX_CASES, ...NBFX_BAD_CASES].map((c) => [c.name, Buffer.from(c.bytes).toString('hex')]);
    // Act
    const stored = hexes.map(([name]) => [name, (validByName.get(name!) ?? invalidByName.get(name!))?.hex]);
    // Assess
    expect(stored).toEqual(hexes);
  });

  it.each(NBFX_CASES.map((c) => [c.name, c.bytes] as const))('%s reads like the reference reader', (name, bytes) => {
    // Prepare
    const reference = treeFromDump(validByName.get(name)!.reference);
    // Act
    const tree = plainTree(readNbfx(bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(reference).toBeDefined();
    expect(tree).toEqual(reference);
  });

  it.each(NBFX_BAD_CASES.map((c) => [c.name, c.code, c.bytes] as const))('%s fails with %s', (_name, code, bytes) => {
    // Act
    let error: unknown;
    try {
      readNbfx(bytes, DEFAULT_DECODE_LIMITS);
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(isDecodeError(error)).toBe(true);
    if (!isDecodeError(error)) return;
    expect(error.code).toBe(code);
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(bytes.length);
  });

  it('fails where the reference reader fails, except where a context needs more than well-formed XML', () => {
    // Prepare: the reference reader is an XmlReader; it accepts an empty document, a comment alone, a top-level
    // Array and an undeclared i:type prefix, which DataContractSerializer would then refuse.
    const acceptedByReaderOnly = ['empty-body', 'only-comment', 'undeclared-type-prefix', 'array-at-top'];
    // Act
    const acceptedByReference = expected.invalid.filter((c) => !(c.reference.at(-1) ?? '').startsWith('ERROR')).map((c) => c.name);
    // Assess
    expect(acceptedByReference).toEqual(acceptedByReaderOnly);
  });
});
