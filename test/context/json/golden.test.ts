/**
 * The JSON decoder over the golden fixtures (made by the real .NET `DataContractJsonSerializer`) and the
 * hand-written captured payloads, against their expected models (independent of this decoder).
 */
import { describe, expect, it } from 'vitest';
import { contextFromJsonText } from '../../../shared/context/json/contextFromJson';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { capturedFixtureNames, goldenFixtureNames, readCaptured, readCapturedExpected, readExpected, readGolden } from '../../helpers/fixtures';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Plain JSON data, as the `decode` command prints it (Unknown values included). */
function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('golden JSON fixtures', () => {
  const names = goldenFixtureNames();

  it('finds the fixtures', () => {
    // Assess
    expect(names.length).toBeGreaterThanOrEqual(18);
  });

  it.each(names)('%s.json decodes to the expected model', (name) => {
    // Prepare
    const text = utf8.decode(readGolden(name, 'json'));
    const expected = readExpected(name);

    // Act
    const context = contextFromJsonText(text, DEFAULT_DECODE_LIMITS);

    // Assess
    expect(asJson(context)).toStrictEqual(expected);
  });
});

describe('captured JSON payloads', () => {
  const names = capturedFixtureNames();

  it('finds the payloads', () => {
    // Assess
    expect(names.length).toBeGreaterThanOrEqual(4);
  });

  it.each(names)('%s.json decodes to the expected model', (name) => {
    // Prepare
    const text = utf8.decode(readCaptured(name));
    const expected = readCapturedExpected(name);

    // Act
    const context = contextFromJsonText(text, DEFAULT_DECODE_LIMITS);

    // Assess
    expect(asJson(context)).toStrictEqual(expected);
  });
});
