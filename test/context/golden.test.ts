/**
 * The contract of the whole decoding layer: every golden fixture, made by the real .NET DataContract serializers,
 * decodes in each of the three formats to the model the independent C# normalizer wrote, and the three formats of one
 * context decode to deep-equal models.
 */
import { describe, expect, it } from 'vitest';
import { decodeContext } from '../../shared/context/decodeContext';
import type { RemoteExecutionContext } from '../../shared/context/model';
import { remoteExecutionContextSchema } from '../../shared/context/schema';
import {
  CONTENT_TYPE_OF,
  GOLDEN_EXTS,
  capturedFixtureNames,
  goldenCases,
  goldenFixtureNames,
  readCaptured,
  readCapturedExpected,
  readExpected,
  readGolden,
} from '../helpers/fixtures';

/**
 * `Unknown.value` is a generic rendering whose leaf types only the JSON format carries (XML text has no types without
 * a schema), so it is compared for JSON only; its `kind`, `type` and `namespace` are compared everywhere.
 */
function maskUnknownValues(model: unknown): unknown {
  if (Array.isArray(model)) return model.map(maskUnknownValues);
  if (typeof model !== 'object' || model === null) return model;
  const record = model as Record<string, unknown>;
  if (record['kind'] === 'Unknown') return { ...record, value: '<format-specific>' };
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, maskUnknownValues(v)]));
}

/** Plain JSON data, as the `decode` command prints it. */
function asJson(context: RemoteExecutionContext): unknown {
  return JSON.parse(JSON.stringify(context)) as unknown;
}

describe('golden fixtures', () => {
  it('has a corpus to test', () => {
    // Assess
    expect(goldenFixtureNames().length).toBeGreaterThanOrEqual(15);
  });

  it.each(goldenCases())('%s.%s decodes to the expected model', (name, ext) => {
    // Prepare
    const body = readGolden(name, ext);
    const expected = readExpected(name);

    // Act
    const context = decodeContext(body, CONTENT_TYPE_OF[ext]);

    // Assess
    const actual = asJson(context);
    if (ext === 'json') expect(actual).toStrictEqual(expected);
    else expect(maskUnknownValues(actual)).toStrictEqual(maskUnknownValues(expected));
    expect(remoteExecutionContextSchema.safeParse(context).error).toBeUndefined();
  });

  it.each(goldenFixtureNames())('%s: binary, JSON and XML decode to deep-equal models', (name) => {
    // Act
    const [binary, json, xml] = GOLDEN_EXTS.map((ext) => maskUnknownValues(asJson(decodeContext(readGolden(name, ext), CONTENT_TYPE_OF[ext]))));

    // Assess
    expect(binary).toStrictEqual(xml);
    expect(json).toStrictEqual(xml);
  });

  it.each(goldenCases())('%s.%s decodes the same without a content type (sniffed)', (name, ext) => {
    // Prepare
    const body = readGolden(name, ext);

    // Act & Assess
    expect(decodeContext(body)).toStrictEqual(decodeContext(body, CONTENT_TYPE_OF[ext]));
  });
});

describe('captured-style JSON payloads', () => {
  it.each(capturedFixtureNames())('%s decodes to its expected model', (name) => {
    // Prepare
    const body = readCaptured(name);

    // Act
    const context = decodeContext(body, 'application/json; charset=utf-8');

    // Assess
    expect(asJson(context)).toStrictEqual(readCapturedExpected(name));
    expect(remoteExecutionContextSchema.safeParse(context).error).toBeUndefined();
  });
});
