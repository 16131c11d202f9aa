/**
 * Short deterministic differential fuzz of the binary decoder's direct path against the general reader (the long
 * run is `npm run fuzz:direct`): mutated and truncated golden bodies and the hand-built NBFX cases, under random
 * limits. Wherever the direct path returns a model, the general decoder must return the deep-equal model.
 */
import { describe, expect, it } from 'vitest';
import { differential, fuzzInput, randomLimits } from '../../../bench/fuzz-nbfx-direct';
import { seededRandom, seedInputs } from '../../../bench/fuzz-nbfx';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { lastHandOffReason } from '../../../shared/context/nbfx/direct/decodeDirect';
import { NBFX_BAD_CASES, NBFX_CASES } from '../../fixtures/nbfx/cases';
import { GOLDEN_DIR } from '../../helpers/fixtures';

const golden = seedInputs(GOLDEN_DIR);

describe('direct binary path: differential fuzz (deterministic)', () => {
  it('mutated golden bodies under random limits: the direct model equals the general one, or it hands off', () => {
    // Prepare
    const random = seededRandom(20261126);
    let direct = 0;
    const reasons = new Set<string>();
    // Act
    for (const input of golden) {
      for (let i = 0; i < 900; i++) {
        const bytes = fuzzInput(input.bytes, random);
        const limits = randomLimits(random, bytes.length);
        let outcome: string;
        try {
          outcome = differential(bytes, limits);
        } catch (error) {
          throw new Error(`${input.name} #${i} ${JSON.stringify(limits)}: ${String(error)} — input ${Buffer.from(bytes).toString('hex')}`);
        }
        if (outcome === 'direct') direct++;
        else reasons.add(lastHandOffReason());
      }
    }
    // Assess: the direct path judged many inputs itself (the test cannot pass by always handing off), and handed
    // off for many different reasons
    expect(direct).toBeGreaterThan(500);
    expect(reasons.size).toBeGreaterThan(25);
  });

  it.each(golden.map((g) => [g.name, g.bytes] as const))('%s: every truncation hands off', (_name, bytes) => {
    // Prepare
    const lengths = Array.from({ length: bytes.length }, (_, n) => n).filter((n) => n < 4096 || n % 13 === 0);
    // Act
    const outcomes = lengths.map((n) => differential(bytes.subarray(0, n), DEFAULT_DECODE_LIMITS));
    // Assess: a strict prefix of a body is never a context
    expect(outcomes.every((o) => o === 'handed-off')).toBe(true);
  });

  it('hand-built NBFX cases: equal models or hand-off', () => {
    // Prepare
    const cases = [...NBFX_CASES, ...NBFX_BAD_CASES];
    // Act
    const outcomes = cases.map((c) => differential(c.bytes, DEFAULT_DECODE_LIMITS));
    // Assess
    expect(outcomes).toHaveLength(cases.length);
  });
});
