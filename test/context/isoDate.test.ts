/**
 * The date renderer every decoder shares, against the reference: `Date.prototype.toISOString`.
 */
import { describe, expect, it } from 'vitest';
import { isoDateFromUnixMs } from '../../shared/context/isoDate';
import { seededRandom } from '../../bench/fuzz-nbfx';

/** 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z as Unix milliseconds. */
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

describe('isoDateFromUnixMs', () => {
  it('renders the ends of the .NET range and the days around leap days', () => {
    // Prepare
    const instants = [MIN_MS, MAX_MS, 0, -1, 951782400000, 951868799999, 4107542400000, -2203891200001, 1709164800000];
    // Act
    const rendered = instants.map(isoDateFromUnixMs);
    // Assess
    expect(rendered).toEqual(instants.map((ms) => new Date(ms).toISOString()));
  });

  it('renders 20 000 random instants of the .NET range as Date does', () => {
    // Prepare
    const random = seededRandom(7);
    const instants = Array.from({ length: 20_000 }, () => MIN_MS + Math.floor(random() * (MAX_MS - MIN_MS + 1)));
    // Act
    const mismatches = instants.filter((ms) => isoDateFromUnixMs(ms) !== new Date(ms).toISOString());
    // Assess
    expect(mismatches).toEqual([]);
  });
});
