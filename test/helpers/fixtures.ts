/**
 * Test helper: loads the fixture set in `test/fixtures/` (see `test/fixtures/README.md`).
 *
 * - `golden/<name>.{bin,json,xml}`: one `RemoteExecutionContext` serialized by the real .NET serializers (Mono) in
 *   the three wire formats, with `golden/<name>.expected.json`, the normalized model all three must decode to.
 * - `captured/<name>.json`: hand-written JSON bodies shaped like real captured Dataverse payloads, with
 *   `captured/<name>.expected.json`.
 *
 * Every reader returns a fresh copy, so a test may mutate what it gets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fixture root: `test/fixtures`. */
export const FIXTURES_DIR = join(__dirname, '..', 'fixtures');

/** The golden fixtures made by `tools/fixtures/generate.sh`. */
export const GOLDEN_DIR = join(FIXTURES_DIR, 'golden');

/** The hand-written JSON payloads shaped like real captures. */
export const CAPTURED_DIR = join(FIXTURES_DIR, 'captured');

/** A wire-format file extension of a golden fixture. */
export type GoldenExt = 'bin' | 'json' | 'xml';

/** Every golden wire-format extension, in the order binary, JSON, XML. */
export const GOLDEN_EXTS: readonly GoldenExt[] = ['bin', 'json', 'xml'];

/** The `Content-Type` Dataverse sends for each wire format. */
export const CONTENT_TYPE_OF: Readonly<Record<GoldenExt, string>> = {
  bin: 'application/msbin1',
  json: 'application/json',
  xml: 'application/xml',
};

const EXPECTED_SUFFIX = '.expected.json';

/** The fixture names in a folder: every `<name>.expected.json`, sorted. */
function namesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(EXPECTED_SUFFIX))
    .map((file) => file.slice(0, -EXPECTED_SUFFIX.length))
    .sort();
}

/** Parses an `.expected.json` file (a fresh object on every call). */
function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/**
 * The names of the golden fixtures (each has `.bin`, `.json`, `.xml` and `.expected.json`).
 *
 * @example
 * ```ts
 * for (const name of goldenFixtureNames()) console.log(name); // 'assign-opportunity-to-team', ...
 * ```
 */
export function goldenFixtureNames(): string[] {
  return namesIn(GOLDEN_DIR);
}

/**
 * The path of one golden file.
 *
 * @example
 * ```ts
 * goldenPath('create-account-all-types', 'bin'); // '.../test/fixtures/golden/create-account-all-types.bin'
 * ```
 */
export function goldenPath(name: string, ext: GoldenExt): string {
  return join(GOLDEN_DIR, `${name}.${ext}`);
}

/**
 * The bytes of one golden wire-format file, as Service Bus would deliver them.
 *
 * @example
 * ```ts
 * const body = readGolden('create-account-all-types', 'bin'); // Uint8Array starting 0x40 0x16 ...
 * ```
 */
export function readGolden(name: string, ext: GoldenExt): Uint8Array {
  const buffer = readFileSync(goldenPath(name, ext));
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/**
 * The normalized model a golden fixture must decode to, in every format (a fresh copy on every call).
 *
 * @example
 * ```ts
 * const expected = readExpected('create-account-all-types') as { messageName: string };
 * expected.messageName; // 'Create'
 * ```
 */
export function readExpected(name: string): unknown {
  return structuredClone(readJsonFile(join(GOLDEN_DIR, `${name}${EXPECTED_SUFFIX}`)));
}

/**
 * The names of the captured-style JSON fixtures (each has `.json` and `.expected.json`).
 *
 * @example
 * ```ts
 * capturedFixtureNames(); // ['assign-opportunity-qualifylead-parent', ...]
 * ```
 */
export function capturedFixtureNames(): string[] {
  return namesIn(CAPTURED_DIR);
}

/**
 * The bytes of a captured-style JSON body.
 *
 * @example
 * ```ts
 * const body = readCaptured('async-delete-lead-target-reference');
 * ```
 */
export function readCaptured(name: string): Uint8Array {
  const buffer = readFileSync(join(CAPTURED_DIR, `${name}.json`));
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
}

/**
 * The normalized model a captured-style fixture must decode to (a fresh copy on every call).
 *
 * @example
 * ```ts
 * const expected = readCapturedExpected('async-delete-lead-target-reference') as { messageName: string };
 * expected.messageName; // 'Delete'
 * ```
 */
export function readCapturedExpected(name: string): unknown {
  return structuredClone(readJsonFile(join(CAPTURED_DIR, `${name}${EXPECTED_SUFFIX}`)));
}

/**
 * Every golden fixture in every format, for `it.each` tables: `[name, ext]` pairs.
 *
 * @example
 * ```ts
 * it.each(goldenCases())('%s.%s decodes to the expected model', (name, ext) => { ... });
 * ```
 */
export function goldenCases(): Array<[string, GoldenExt]> {
  return goldenFixtureNames().flatMap((name) => GOLDEN_EXTS.map((ext): [string, GoldenExt] => [name, ext]));
}
