/**
 * Scratch measurement of the JSON decoder against bare `JSON.parse` of the same text (the requirement: decoding
 * runs at ≥ 0.7× the contexts per second of `JSON.parse`). Not the official benchmark (`npm run bench`).
 *
 * Run: npx tsc --outDir /tmp/jsonbench --rootDir . --module nodenext --moduleResolution nodenext --target es2022 \
 *        --strict --skipLibCheck --types node bench/json.scratch.ts && node /tmp/jsonbench/bench/json.scratch.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextFromJsonText } from '../shared/context/json/contextFromJson';
import { DEFAULT_DECODE_LIMITS } from '../shared/context/limits';

// Run from the repository root; FIXTURES and FILES (comma-separated) choose other bodies.
const fixtureDir = process.env['FIXTURES'] ?? join(process.cwd(), 'test', 'context', 'json', 'fixtures');

function opsPerSecond(run: () => unknown, millis: number): number {
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 50; i++) run();
    count += 50;
    now = process.hrtime.bigint();
  }
  return (count * 1e9) / Number(now - start);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

for (const name of (process.env['FILES'] ?? 'update-account.json').split(',')) {
  const text = readFileSync(join(fixtureDir, name), 'utf8');
  const parse = () => JSON.parse(text) as unknown;
  const decode = () => contextFromJsonText(text, DEFAULT_DECODE_LIMITS);
  for (let i = 0; i < 3; i++) {
    opsPerSecond(parse, 300);
    opsPerSecond(decode, 300);
  }
  const parseRates: number[] = [];
  const decodeRates: number[] = [];
  for (let round = 0; round < 7; round++) {
    parseRates.push(opsPerSecond(parse, 400));
    decodeRates.push(opsPerSecond(decode, 400));
  }
  const p = median(parseRates);
  const d = median(decodeRates);
  console.log(`${name} (${text.length} chars): JSON.parse ${p.toFixed(0)}/s, decode ${d.toFixed(0)}/s, ratio ${(d / p).toFixed(3)}`);
}
