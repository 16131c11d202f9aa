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

  it('leaves offsets to the general way (converted to UTC)', () => {
    // Act
    const { fast, general } = bothWays('2024-12-24T18:30:00.005+01:00');
    // Assess
    expect(fast).toBe('2024-12-24T17:30:00.005Z');
    expect(general).toBe(fast);
  });
});
