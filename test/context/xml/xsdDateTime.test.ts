/**
 * `xs:dateTime` → model date. The UTC form DataContractSerializer writes is read without a RegExp; the same text
 * with white space around it goes the general way, so each case is read both ways and must come out the same.
 */
import { describe, expect, it } from 'vitest';
import { isoFromXsdDateTime } from '../../../shared/context/xml/xsdDateTime';
import { decodeError } from '../../helpers/decodeError';

/** The result (or error code) of reading `text`, as given and padded with white space (the general way). */
function bothWays(text: string): { fast: string; general: string } {
  const read = (t: string): string => {
    try {
      return isoFromXsdDateTime(t, 'OperationCreatedOn');
    } catch {
      return `error ${decodeError(() => isoFromXsdDateTime(t, 'OperationCreatedOn')).code}`;
    }
  };
  return { fast: read(text), general: read(` ${text}\n`) };
}

describe('isoFromXsdDateTime', () => {
  it.each([
    ['2024-06-12T09:00:00Z', '2024-06-12T09:00:00.000Z'],
    ['2024-06-03T08:15:00.25Z', '2024-06-03T08:15:00.250Z'],
    ['9999-12-31T23:59:59.9999999Z', '9999-12-31T23:59:59.999Z'],
    ['2024-02-29T00:00:00.005', '2024-02-29T00:00:00.005Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('reads %s as %s, the fast way and the general way alike', (text, iso) => {
    // Act
    const { fast, general } = bothWays(text);
    // Assess
    expect(fast).toBe(iso);
    expect(general).toBe(iso);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-01T00:00:00Z',
    '2024-06-00T00:00:00Z',
    '2024-06-03T24:00:00Z',
    '2024-06-03T08:60:00Z',
    '2024-06-03T08:15:60Z',
    '2024-06-03T08:15:00.Z',
    '2024-06-03T08:15:00ZZ',
    '2024-06-03T08:15:00z',
    '2024-06-03 08:15:00Z',
    '2024-06-03T08:15:0Z',
    '2024-06-03T08:15:00.1a',
    '２０２４-06-03T08:15:00Z',
    '2024-06-03T08:15',
  ])('refuses %s the fast way as the general way does', (text) => {
    // Act
    const { fast, general } = bothWays(text);
    // Assess
    expect(fast).toBe('error INVALID_VALUE');
    expect(general).toBe('error INVALID_VALUE');
  });

  it.each([
    ['2024-12-24T18:30:00.005+01:00', '2024-12-24T17:30:00.005Z'],
    ['2024-10-27T01:59:59+02:00', '2024-10-26T23:59:59.000Z'],
    ['2024-07-01T12:00:00.0019999+02:00', '2024-07-01T10:00:00.001Z'],
    ['2024-02-28T23:30:00-14:00', '2024-02-29T13:30:00.000Z'],
    ['2023-12-31T23:59:59.999-00:30', '2024-01-01T00:29:59.999Z'],
    ['0001-01-01T10:00:00+09:59', '0001-01-01T00:01:00.000Z'],
    ['2024-06-03T08:15:00+00:00', '2024-06-03T08:15:00.000Z'],
  ])('converts %s with its offset to %s, the fast way and the general way alike', (text, iso) => {
    // Act
    const { fast, general } = bothWays(text);
    // Assess
    expect(fast).toBe(iso);
    expect(general).toBe(iso);
  });

  it.each(['0001-01-01T00:00:00+00:01', '9999-12-31T23:59:59-00:01', '2024-06-03T08:15:00+15:00', '2024-06-03T08:15:00+01:60', '2024-06-03T08:15:00+0100', '2024-06-03T08:15:00 01:00'])(
    'refuses %s (offset out of range, or the date leaves the .NET range) both ways',
    (text) => {
      // Act
      const { fast, general } = bothWays(text);
      // Assess
      expect(fast).toBe('error INVALID_VALUE');
      expect(general).toBe('error INVALID_VALUE');
    },
  );

  it('formats every offset time as Date#toISOString does (random times across the .NET range)', () => {
    // Prepare: a fixed pseudo-random walk over the range, each with a +05:45 offset
    const texts: string[] = [];
    let x = 12345;
    for (let k = 0; k < 500; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const ms = -62135596800000 + 60 * 60_000 + Math.floor((x / 2147483648) * (253402300799999 + 62135596800000 - 2 * 60 * 60_000));
      texts.push(`${new Date(ms).toISOString().slice(0, 23)}+05:45`);
    }
    // Act
    const results = texts.map((t) => bothWays(t));
    // Assess
    expect(results.filter((r) => r.fast !== r.general)).toEqual([]);
    expect(results.map((r) => r.fast)).toEqual(texts.map((t) => new Date(Date.parse(`${t.slice(0, 23)}Z`) - 345 * 60_000).toISOString()));
  });
});
