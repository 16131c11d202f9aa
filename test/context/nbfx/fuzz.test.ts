/**
 * Short deterministic fuzz of the .NET Binary XML reader (the long run is `npm run fuzz`): seeded mutations of
 * every golden `.bin` fixture and hand-built case must fail only with a `DecodeError` (never a hang or another
 * exception), with the work bounded by the input's length (see `checkInput` in `bench/fuzz-nbfx.ts`).
 */
import { describe, expect, it } from 'vitest';
import { checkInput, mutate, seededRandom, seedInputs } from '../../../bench/fuzz-nbfx';
import { NBFX_BAD_CASES, NBFX_CASES } from '../../fixtures/nbfx/cases';
import { GOLDEN_DIR } from '../../helpers/fixtures';

const golden = seedInputs(GOLDEN_DIR);
const handBuilt = [...NBFX_CASES, ...NBFX_BAD_CASES].map((c) => ({ name: c.name, bytes: c.bytes }));

/** Runs `checkInput` on each input; returns the outcome counts, or throws with the failing input. */
function fuzz(inputs: { label: string; bytes: Uint8Array }[]): Map<string, number> {
  const outcomes = new Map<string, number>();
  for (const { label, bytes } of inputs) {
    let outcome: string;
    try {
      outcome = checkInput(bytes);
    } catch (error) {
      throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)} — input ${Buffer.from(bytes).toString('hex').slice(0, 400)}`);
    }
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return outcomes;
}

describe('NBFX fuzz (deterministic)', () => {
  it('has golden binaries to mutate', () => {
    // Assess
    expect(golden.length).toBeGreaterThan(0);
  });

  it.each(golden.map((g) => [g.name, g.bytes] as const))('%s: every truncation fails cleanly', (name, bytes) => {
    // Prepare: every prefix up to 2 KB, then every 97th
    const lengths = Array.from({ length: bytes.length }, (_, n) => n).filter((n) => n < 2048 || n % 97 === 0);
    // Act
    const outcomes = fuzz(lengths.map((n) => ({ label: `${name} truncated to ${n}`, bytes: bytes.subarray(0, n) })));
    // Assess: a strict prefix of a document is never a document
    expect(outcomes.get('decoded')).toBeUndefined();
    expect(outcomes.get('INVALID_BINARY')).toBe(lengths.length);
  });

  // Fewer mutations of the one large (135 KB) fixture keep the run short; `npm run fuzz` does many more.
  it.each(golden.map((g, i) => [g.name, g.bytes, i, g.bytes.length > 32768 ? 60 : 400] as const))('%s: seeded mutations fail only with DecodeError', (name, bytes, index, count) => {
    // Prepare
    const random = seededRandom(0x5eed + index);
    const inputs = Array.from({ length: count }, (_, i) => ({ label: `${name} mutation ${i}`, bytes: mutate(bytes, random) }));
    // Act
    const outcomes = fuzz(inputs);
    // Assess
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(count);
    expect([...outcomes.keys()].every((k) => ['decoded', 'INVALID_BINARY', 'UNSUPPORTED_RECORD', 'LIMIT_EXCEEDED', 'NOT_A_CONTEXT', 'INVALID_VALUE'].includes(k))).toBe(true);
  });

  it('hand-built cases survive 40 mutations each', () => {
    // Prepare
    const random = seededRandom(42);
    const inputs = handBuilt.flatMap((c) => Array.from({ length: 40 }, (_, i) => ({ label: `${c.name} mutation ${i}`, bytes: mutate(c.bytes, random) })));
    // Act
    const outcomes = fuzz(inputs);
    // Assess
    expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(inputs.length);
  });

  it('random bytes after a valid preamble fail cleanly', () => {
    // Prepare
    const random = seededRandom(7);
    const preamble = golden[0]!.bytes.subarray(0, 120);
    const inputs = Array.from({ length: 2000 }, (_, i) => {
      const tail = Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
      return { label: `random tail ${i}`, bytes: Uint8Array.from([...preamble, ...tail]) };
    });
    // Act
    const outcomes = fuzz(inputs);
    // Assess
    expect(outcomes.get('decoded')).toBeUndefined();
  });
});
