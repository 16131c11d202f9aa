/**
 * `npm run fuzz:direct -- [SECONDS] [SEED]`: a long, deterministic differential fuzz of the binary decoder's direct
 * path against the general reader. Every golden `.bin` is mutated (see fuzz-nbfx.ts) and truncated, and decoded
 * under random limits by both; it fails (exit code 1) on the first input where the direct path returns a model
 * that differs from the general decoder's, or returns one where the general decoder throws. The CI test
 * `test/context/nbfx/directFuzz.test.ts` runs a short version.
 */
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { isDecodeError } from '../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../shared/context/limits';
import type { RemoteExecutionContext } from '../shared/context/model';
import { contextFromGeneralReader } from '../shared/context/nbfx/contextFromNbfx';
import { decodeDirect } from '../shared/context/nbfx/direct/decodeDirect';
import { mutate, seedInputs, seededRandom } from './fuzz-nbfx';

/** What the direct path did with one input (a divergence throws instead). */
export type DirectOutcome = 'direct' | 'handed-off';

/**
 * Decodes `bytes` both ways and checks the invariant: the direct path returns a model only where the general
 * decoder returns the deep-equal model.
 *
 * @throws Error describing the divergence.
 * @example
 * ```ts
 * differential(body, DEFAULT_DECODE_LIMITS); // 'direct'
 * ```
 */
export function differential(bytes: Uint8Array, limits: DecodeLimits): DirectOutcome {
  const direct = decodeDirect(bytes, limits);
  if (direct === undefined) return 'handed-off';
  let general: RemoteExecutionContext;
  try {
    general = contextFromGeneralReader(bytes, limits);
  } catch (error) {
    const what = isDecodeError(error) ? `${error.code}: ${error.message}` : String(error);
    throw new Error(`direct path returned a model where the general decoder threw ${what}`, { cause: error });
  }
  if (!isDeepStrictEqual(direct, general)) throw new Error('direct path model differs from the general decoder model');
  return 'direct';
}

/**
 * Limits for one run: mostly the defaults, sometimes one or more tightened near what a context needs, so that the
 * direct path's limit accounting meets the general reader's exact one.
 *
 * @example
 * ```ts
 * const limits = randomLimits(seededRandom(1), body.length);
 * ```
 */
export function randomLimits(random: () => number, length: number): DecodeLimits {
  const limits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS };
  if (random() < 0.5) return limits;
  const pick = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  if (random() < 0.3) limits.maxDepth = pick(1, 16);
  if (random() < 0.3) limits.maxStringLength = random() < 0.3 ? pick(1, 140) : pick(100, 2000);
  if (random() < 0.3) limits.maxAttributes = pick(1, 6);
  if (random() < 0.3) limits.maxNamespaces = pick(1, 12);
  if (random() < 0.2) limits.maxRecords = pick(Math.max(1, length - 200), length + 10);
  if (random() < 0.2) limits.maxArrayLength = pick(Math.max(1, length - 200), length + 10);
  return limits;
}

/**
 * One input from a golden body: one changed byte (so that most inputs keep their shape and the direct path has
 * to judge them), a mutation of 1-4 edits (fuzz-nbfx.ts), or a truncation.
 *
 * @example
 * ```ts
 * const bytes = fuzzInput(golden, seededRandom(7));
 * ```
 */
export function fuzzInput(seed: Uint8Array, random: () => number): Uint8Array {
  const dice = random();
  if (dice < 0.45) {
    const bytes = seed.slice();
    const at = Math.floor(random() * bytes.length);
    bytes[at] = random() < 0.5 ? bytes[at]! ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
    return bytes;
  }
  return dice < 0.85 ? mutate(seed, random) : seed.slice(0, Math.floor(random() * seed.length));
}

function main(): void {
  const seconds = Number(process.argv[2] ?? 60);
  const seed = Number(process.argv[3] ?? 1);
  const inputs = seedInputs(join(process.cwd(), 'test', 'fixtures', 'golden'));
  const random = seededRandom(seed);
  const counts = { direct: 0, 'handed-off': 0 };
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    for (const input of inputs) {
      for (let i = 0; i < 100; i++) {
        const bytes = fuzzInput(input.bytes, random);
        const limits = randomLimits(random, bytes.length);
        try {
          counts[differential(bytes, limits)]++;
        } catch (error) {
          process.stderr.write(`FAIL ${input.name} seed ${seed}: ${error instanceof Error ? error.message : String(error)}\n`);
          process.stderr.write(`limits: ${JSON.stringify(limits)}\ninput (hex): ${Buffer.from(bytes).toString('hex')}\n`);
          process.exitCode = 1;
          return;
        }
      }
    }
  }
  const total = counts.direct + counts['handed-off'];
  process.stdout.write(`fuzz-nbfx-direct: ${total} inputs, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s, no divergence\n`);
  process.stdout.write(`  direct ${counts.direct}, handed off ${counts['handed-off']}\n`);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) main();
