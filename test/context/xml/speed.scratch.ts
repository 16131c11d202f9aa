/**
 * Scratch measurement (not a test): XML decode (parse + mapping) vs bare JSON.parse of the twin JSON, in contexts
 * per second. Compile with tsc and run with node; see README.md in this folder for the numbers.
 */
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { contextFromXml } from '../../../shared/context/xml/contextFromXml';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { contextJson, contextXml } from './dcsBuilder';
import { realisticUpdate } from './sampleContexts';

const spec = realisticUpdate();
const xml = contextXml(spec);
const json = contextJson(spec);
console.log(`XML ${xml.length} chars, JSON ${json.length} chars, ratio ${(xml.length / json.length).toFixed(2)}`);
const limits = DEFAULT_DECODE_LIMITS;

// Interleaved short rounds, median of the per-round ratios: the machine is shared, so absolute rates drift.
function rate(fn: () => unknown, ms: number): number {
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (n / elapsed) * 1000;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const tree = parseXml(xml, limits);
const decode = (): unknown => contextFromXml(parseXml(xml, limits), limits);
const parseOnly = (): unknown => parseXml(xml, limits);
const mapOnly = (): unknown => contextFromXml(tree, limits);
const jsonParse = (): unknown => JSON.parse(json);
for (const fn of [decode, parseOnly, mapOnly, jsonParse]) rate(fn, 300);
const ratios: number[] = [];
const parseRatios: number[] = [];
const rates = { json: [] as number[], decode: [] as number[], parse: [] as number[], map: [] as number[] };
for (let round = 0; round < 15; round++) {
  const j = rate(jsonParse, 150);
  const d = rate(decode, 150);
  const p = rate(parseOnly, 150);
  const m = rate(mapOnly, 150);
  rates.json.push(j);
  rates.decode.push(d);
  rates.parse.push(p);
  rates.map.push(m);
  ratios.push(d / j);
  parseRatios.push(p / j);
}
console.log(`median contexts/s: JSON.parse ${median(rates.json).toFixed(0)}, parseXml+contextFromXml ${median(rates.decode).toFixed(0)}, parseXml ${median(rates.parse).toFixed(0)}, contextFromXml ${median(rates.map).toFixed(0)}`);
console.log(`median ratio XML decode / JSON.parse = ${median(ratios).toFixed(3)} (parse only ${median(parseRatios).toFixed(3)})`);

// The golden fixtures (real serializer output) with their JSON twins.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goldenFixtureNames, readGolden } = require('../../helpers/fixtures') as typeof import('../../helpers/fixtures');
const utf8 = new TextDecoder();
const goldenRatios: string[] = [];
for (const name of goldenFixtureNames()) {
  if (name === 'strings-long') continue;
  const x = utf8.decode(readGolden(name, 'xml'));
  const j = utf8.decode(readGolden(name, 'json'));
  const rs: number[] = [];
  for (let round = 0; round < 5; round++) {
    const jr = rate(() => JSON.parse(j), 60);
    const xr = rate(() => contextFromXml(parseXml(x, limits), limits), 60);
    rs.push(xr / jr);
  }
  goldenRatios.push(`${name} (xml/json size ${(x.length / j.length).toFixed(2)}): ${median(rs).toFixed(2)}`);
}
console.log(goldenRatios.join('\n'));
