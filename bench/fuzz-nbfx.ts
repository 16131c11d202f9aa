/**
 * `npm run fuzz -- [ITERATIONS] [SEED]`: a long, deterministic fuzz run of the .NET Binary XML reader.
 *
 * Every golden `.bin` fixture is mutated ITERATIONS times (default 20000) with seeded random edits (bit flips,
 * truncations, inserted and deleted bytes, huge length prefixes and MultiByteInt31 values, random record bytes,
 * spliced records) and decoded through `decodeContext(bytes, 'application/msbin1')`. It fails (exit code 1) on the
 * first input that throws anything but a `DecodeError`, or that does more work than its length allows, and prints
 * the input as hex so that it can be replayed. The CI test `test/context/nbfx/fuzz.test.ts` runs a short version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeContext } from '../shared/context/decodeContext';
import { isDecodeError } from '../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../shared/context/limits';
import { readNbfx } from '../shared/context/nbfx/readNbfx';
import type { XmlNode } from '../shared/context/xml/node';

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same inputs on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Record bytes worth planting: structure, every text record, dictionary records, non-records. */
const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0a, 0x0c, 0x26, 0x2e, 0x40, 0x41, 0x42, 0x44, 0x5e, 0x5f,
  0x77, 0x78, 0x7f, 0x80, 0x81, 0x86, 0x87, 0x8d, 0x8f, 0x93, 0x95, 0x97, 0x98, 0x99, 0x9b, 0x9d, 0x9f, 0xa1, 0xa3,
  0xa4, 0xa5, 0xa6, 0xa8, 0xaa, 0xac, 0xaf, 0xb1, 0xb3, 0xb5, 0xb7, 0xb9, 0xbb, 0xbc, 0xbe, 0xff,
];
/** Length fields that point far past the end: MultiByteInt31 maxima (valid and over-long) and Int32 lengths. */
const HUGE_LENGTHS = [
  [0xff, 0xff, 0xff, 0xff, 0x07], [0xff, 0xff, 0xff, 0xff, 0x0f], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xff, 0xff, 0xff, 0x7f],
  [0xff, 0xff, 0xff, 0xff], [0xff, 0xff], [0xff], [0x00, 0x00, 0x00, 0x80],
];

/** Applies 1–4 random edits to a copy of `input`. */
export function mutate(input: Uint8Array, random: () => number): Uint8Array {
  let bytes = Array.from(input);
  const at = (): number => Math.floor(random() * (bytes.length + 1));
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const position = at();
    switch (Math.floor(random() * 8)) {
      case 0: // flip a bit
        if (position < bytes.length) bytes[position]! ^= 1 << Math.floor(random() * 8);
        break;
      case 1: // set a random byte
        if (position < bytes.length) bytes[position] = Math.floor(random() * 256);
        break;
      case 2: // plant a record byte
        if (position < bytes.length) bytes[position] = INTERESTING_BYTES[Math.floor(random() * INTERESTING_BYTES.length)]!;
        break;
      case 3: // truncate
        bytes = bytes.slice(0, position);
        break;
      case 4: // insert random bytes
        bytes.splice(position, 0, ...Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)));
        break;
      case 5: // delete a range
        bytes.splice(position, 1 + Math.floor(random() * 16));
        break;
      case 6: // overwrite with a huge length prefix
        bytes.splice(position, 0, ...HUGE_LENGTHS[Math.floor(random() * HUGE_LENGTHS.length)]!);
        break;
      default: {
        // duplicate a slice somewhere else (spliced records)
        const from = at();
        const slice = bytes.slice(from, from + 1 + Math.floor(random() * 64));
        bytes.splice(at(), 0, ...slice);
      }
    }
  }
  return Uint8Array.from(bytes);
}

/** What one input did: decoded, or failed with a DecodeError code. */
export type FuzzOutcome = 'decoded' | string;

/** Counts the nodes of a tree and renders every typed text (so that rendering is fuzzed too). */
function walk(root: XmlNode): number {
  let nodes = 0;
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    nodes++;
    if (typeof node.text !== 'string') {
      node.text.asString();
      node.text.asNumber();
      node.text.asIsoDate();
    }
    for (const child of node.children) stack.push(child);
  }
  return nodes;
}

/**
 * Decodes one input the way the function app does and checks the reader's guarantees: only `DecodeError` is thrown
 * (by the reader itself never a wrapped bug), and the work is bounded by the input's length (with `maxRecords` set
 * to the byte count the reader never runs out of records, and the tree has at most one node per byte).
 *
 * @throws Error describing the broken guarantee.
 */
export function checkInput(bytes: Uint8Array): FuzzOutcome {
  const limits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, maxRecords: Math.max(1, bytes.length) };
  try {
    const root = readNbfx(bytes, limits);
    const nodes = walk(root);
    if (nodes > bytes.length) throw new Error(`${nodes} nodes from ${bytes.length} bytes`);
  } catch (error) {
    if (!isDecodeError(error)) throw new Error(`readNbfx threw ${String(error)}`, { cause: error });
    if (error.cause !== undefined) throw new Error(`readNbfx wrapped an unexpected error: ${error.message}`, { cause: error });
    if (error.code === 'LIMIT_EXCEEDED' && error.message.includes('maxRecords')) throw new Error('more records than bytes');
    if (error.offset === undefined || error.offset < 0 || error.offset > bytes.length) throw new Error(`bad offset ${String(error.offset)}`);
  }
  try {
    decodeContext(bytes, 'application/msbin1');
    return 'decoded';
  } catch (error) {
    if (!isDecodeError(error)) throw new Error(`decodeContext threw ${String(error)}`, { cause: error });
    return error.code;
  }
}

/** The golden `.bin` fixtures, the fuzz seeds. */
export function seedInputs(dir = join(__dirname, '..', '..', 'test', 'fixtures', 'golden')): { name: string; bytes: Uint8Array }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.bin'))
    .sort()
    .map((file) => ({ name: file, bytes: new Uint8Array(readFileSync(join(dir, file))) }));
}

function main(): void {
  const iterations = Number(process.argv[2] ?? 20000);
  const seed = Number(process.argv[3] ?? 1);
  const dirArg = process.argv[4];
  const inputs = seedInputs(dirArg ?? join(process.cwd(), 'test', 'fixtures', 'golden'));
  if (inputs.length === 0) throw new Error('No .bin fixtures found');
  const random = seededRandom(seed);
  const outcomes = new Map<string, number>();
  const started = Date.now();
  let runs = 0;
  for (const input of inputs) {
    for (let i = 0; i < iterations; i++) {
      const mutated = mutate(input.bytes, random);
      let outcome: FuzzOutcome;
      try {
        outcome = checkInput(mutated);
      } catch (error) {
        process.stderr.write(`FAIL ${input.name} iteration ${i} seed ${seed}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.stderr.write(`input (hex): ${Buffer.from(mutated).toString('hex')}\n`);
        process.exitCode = 1;
        return;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      runs++;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`fuzz-nbfx: ${runs} inputs from ${inputs.length} fixtures, seed ${seed}, ${seconds.toFixed(1)} s, no failures\n`);
  for (const [outcome, count] of [...outcomes].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${outcome.padEnd(20)} ${count}\n`);
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) main();
