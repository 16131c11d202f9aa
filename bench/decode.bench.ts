/**
 * `npm run bench`: decode throughput per wire format over the golden fixture corpus, beside bare `JSON.parse` of the
 * same contexts' JSON files as the baseline (on text already decoded from UTF-8: the strict baseline; a second line
 * shows `JSON.parse` of the bytes, UTF-8 decoding included, for information). Speed is reported as ratios measured in
 * the same run, so the numbers mean the same on any machine.
 *
 * Options: `--corpus DIR` (default test/fixtures/golden), `--seconds N` per measurement round (default 1),
 * `--rounds N` (default 5; the median round is reported).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeContextAs } from '../shared/context/decodeContext';
import type { WireFormat } from '../shared/context/model';

interface Corpus {
  names: string[];
  json: Buffer[];
  jsonText: string[];
  xml: Buffer[];
  binary: Buffer[];
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function loadCorpus(dir: string): Corpus {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.bin'))
    .map((n) => n.slice(0, -'.bin'.length))
    .sort();
  const read = (name: string, ext: string) => readFileSync(join(dir, `${name}${ext}`));
  const json = names.map((n) => read(n, '.json'));
  return { names, json, jsonText: json.map((b) => b.toString('utf8')), xml: names.map((n) => read(n, '.xml')), binary: names.map((n) => read(n, '.bin')) };
}

/** Runs `pass` (one pass over the corpus) repeatedly for about `seconds`; returns passes per second. */
function measure(pass: () => void, seconds: number): number {
  const budget = BigInt(Math.round(seconds * 1e9));
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < budget) {
    pass();
    passes++;
    elapsed = process.hrtime.bigint() - start;
  }
  return passes / (Number(elapsed) / 1e9);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const corpus = loadCorpus(option('--corpus', join('test', 'fixtures', 'golden')));
  const seconds = Number(option('--seconds', '1'));
  const rounds = Number(option('--rounds', '5'));
  const count = corpus.names.length;
  if (count === 0) throw new Error('No fixtures found (expected *.bin with .json and .xml twins)');

  let sink = 0;
  const cases: { label: string; bytes: number; pass: () => void }[] = [
    { label: 'JSON.parse (baseline)', bytes: sum(corpus.json), pass: () => { for (const t of corpus.jsonText) sink += (JSON.parse(t) as object) ? 1 : 0; } },
    // For information: the same with the UTF-8 decoding every consumer of a byte body pays first.
    { label: 'JSON.parse of the bytes', bytes: sum(corpus.json), pass: () => { for (const b of corpus.json) sink += (JSON.parse(b.toString('utf8')) as object) ? 1 : 0; } },
    { label: 'json   (application/json)', bytes: sum(corpus.json), pass: decodeAll(corpus.json, 'json') },
    { label: 'xml    (application/xml)', bytes: sum(corpus.xml), pass: decodeAll(corpus.xml, 'xml') },
    { label: 'binary (application/msbin1)', bytes: sum(corpus.binary), pass: decodeAll(corpus.binary, 'binary') },
  ];
  function decodeAll(bodies: Buffer[], format: WireFormat): () => void {
    return () => {
      for (const body of bodies) sink += decodeContextAs(body, format).context.stage;
    };
  }

  // Warm up every case, then interleave rounds so that machine noise hits all cases alike.
  for (const c of cases) measure(c.pass, Math.min(seconds, 0.5));
  const results = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) cases.forEach((c, i) => results[i]!.push(measure(c.pass, seconds)));

  const baseline = median(results[0]!) * count;
  process.stdout.write(`Decode benchmark: ${count} contexts (${corpus.names.join(', ')})\n`);
  process.stdout.write(`Node ${process.version}, ${rounds} rounds of ${seconds}s, median round\n\n`);
  process.stdout.write(`${'case'.padEnd(30)} ${'contexts/s'.padStart(12)} ${'MB/s'.padStart(9)} ${'vs JSON.parse'.padStart(14)}\n`);
  cases.forEach((c, i) => {
    const passesPerSecond = median(results[i]!);
    const contexts = passesPerSecond * count;
    const mbs = (passesPerSecond * c.bytes) / 1e6;
    process.stdout.write(`${c.label.padEnd(30)} ${contexts.toFixed(0).padStart(12)} ${mbs.toFixed(1).padStart(9)} ${`${(contexts / baseline).toFixed(2)}x`.padStart(14)}\n`);
  });
  process.stdout.write(`\nTargets: json >= 0.70x, xml >= 0.30x, binary >= 1.00x (contexts per second vs JSON.parse of the same contexts' JSON).\n`);
  if (sink === -1) process.stdout.write('');
}

function sum(buffers: Buffer[]): number {
  return buffers.reduce((total, b) => total + b.length, 0);
}

main();
