/**
 * The text XML decoder over the golden fixtures made by the real .NET `DataContractSerializer`
 * (`test/fixtures/golden/<name>.xml`), against the independent expected models.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { contextFromXml } from '../../../shared/context/xml/contextFromXml';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { goldenFixtureNames, readExpected, readGolden } from '../../helpers/fixtures';

/** Replaces every `Unknown.value` (its generic shape is format-specific) with a marker. */
function withoutUnknownValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnknownValues);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) {
    out[key] = record['kind'] === 'Unknown' && key === 'value' ? '<generic>' : withoutUnknownValues(member);
  }
  return out;
}

describe('golden XML fixtures', () => {
  const names = goldenFixtureNames();

  it('finds the fixtures', () => {
    // Assess
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s.xml decodes to the expected model', (name) => {
    // Prepare
    const text = new TextDecoder('utf-8', { fatal: true }).decode(readGolden(name, 'xml'));
    const expected = readExpected(name);

    // Act
    const context = contextFromXml(parseXml(text, DEFAULT_DECODE_LIMITS), DEFAULT_DECODE_LIMITS);

    // Assess: through JSON, as the decode command prints it
    expect(withoutUnknownValues(JSON.parse(JSON.stringify(context)))).toEqual(withoutUnknownValues(expected));
  });
});
