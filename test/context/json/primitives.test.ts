/**
 * The hot-path primitives of the JSON decoder: DCJS dates, the ISO formatter, GUIDs, `__type` hints, the depth check.
 */
import { describe, expect, it } from 'vitest';
import { dcjsDateMs, looksLikeDcjsDate } from '../../../shared/context/json/dcjsDate';
import { exceedsDepth } from '../../../shared/context/json/exceedsDepth';
import { fastGuid } from '../../../shared/context/json/fastGuid';
import { fastIsoFromUnixMs } from '../../../shared/context/json/fastIsoDate';
import { typeNameOf, typeNamespaceOf } from '../../../shared/context/json/typeHint';
import { MAX_DATE_MS, MIN_DATE_MS } from '../../../shared/context/values';
import { seededRandom } from '../../../bench/fuzz-nbfx';

describe('dcjsDateMs', () => {
  it.each([
    ['/Date(1697398445000)/', 1697398445000],
    ['/Date(1697391246000+0200)/', 1697391246000],
    ['/Date(1697391246000-0700)/', 1697391246000],
    ['/Date(-62135596800000)/', -62135596800000],
    ['/Date(0)/', 0],
  ])('%s → %d', (text, ms) => {
    // Act, Assess
    expect(dcjsDateMs(text)).toBe(ms);
  });

  it.each(['/Date()/', '/Date(-)/', '/Date(1)', 'Date(1)/', '/Date(1+02)/', '/Date(1+02000)/', '/Date(1.5)/', '/Date(1x)/', '/date(1)/', ' /Date(1)/'])(
    '%s is not a date',
    (text) => {
      // Act, Assess
      expect(dcjsDateMs(text)).toBeUndefined();
    },
  );

  it('the prefix test only accepts what starts with /Date(', () => {
    // Act, Assess
    expect([looksLikeDcjsDate('/Date(1)/'), looksLikeDcjsDate('/Dates(1)/'), looksLikeDcjsDate('Contoso')]).toStrictEqual([true, false, false]);
  });
});

describe('fastIsoFromUnixMs', () => {
  it('gives what toISOString gives across the .NET range', () => {
    // Prepare: boundaries, leap days, and a deterministic spread of instants
    const instants = [MIN_DATE_MS, MAX_DATE_MS, 0, -1, 1, 951782400000, 951868800000, 4107542400000, -2208988800000, 1714571110123];
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      instants.push(Math.floor(MIN_DATE_MS + (seed / 2147483648) * (MAX_DATE_MS - MIN_DATE_MS)));
    }

    // Act
    const mismatches = instants.filter((ms) => fastIsoFromUnixMs(ms) !== new Date(ms).toISOString());

    // Assess
    expect(mismatches).toStrictEqual([]);
  });

  it('gives the same text again for a cached instant', () => {
    // Act
    const first = fastIsoFromUnixMs(1714571110123);
    const second = fastIsoFromUnixMs(1714571110123);

    // Assess
    expect([first, second]).toStrictEqual(['2024-05-01T13:45:10.123Z', '2024-05-01T13:45:10.123Z']);
  });
});

describe('fastGuid', () => {
  it.each([
    ['6420f0cc-916b-ee11-9ae6-000d3a688809', '6420f0cc-916b-ee11-9ae6-000d3a688809'],
    ['6420F0CC-916B-EE11-9AE6-000D3A688809', '6420f0cc-916b-ee11-9ae6-000d3a688809'],
    ['{6420f0cc-916b-ee11-9ae6-000d3a688809}', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880g', undefined],
    ['6420f0cc0916b-ee11-9ae6-000d3a688809', undefined],
    ['6420f0Cc-916b-eE11-9ae6-000d3a68880A', '6420f0cc-916b-ee11-9ae6-000d3a68880a'],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880:', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880`', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880@', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880G', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880/', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880-', undefined],
    ['6420f0cc-916b-ee11-9ae6-000d3a68880é', undefined],
    ['6420f0c-c916b-ee11-9ae6-000d3a688809', undefined],
    ['', undefined],
  ])('%s → %s', (text, expected) => {
    // Act: twice, so that the cached path is tested too
    const results = [fastGuid(text), fastGuid(text)];

    // Assess
    expect(results).toStrictEqual([expected, expected]);
  });

  it('does not confuse GUIDs that share a cache slot', () => {
    // Prepare: same first and last characters
    const a = '6420f0cc-916b-ee11-9ae6-000d3a688809';
    const b = '6fffffff-916b-ee11-9ae6-000d3a688809';
    const bad = '6zzzzzzz-916b-ee11-9ae6-000d3a688809';

    // Act
    const results = [fastGuid(a), fastGuid(b), fastGuid(bad), fastGuid(a)];

    // Assess
    expect(results).toStrictEqual([a, b, undefined, a]);
  });

  it('agrees with the GUID pattern on random near-GUIDs', () => {
    // Prepare: GUID-like texts with characters drawn around the hex ranges' edges
    const random = seededRandom(36);
    const alphabet = '0123456789abcdefABCDEF-/:@G`g{}é ';
    const pattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
    const texts: string[] = [];
    for (let n = 0; n < 2000; n++) {
      let text = '';
      for (let i = 0; i < 36; i++) {
        const dash = i === 8 || i === 13 || i === 18 || i === 23;
        text += random() < 0.97 ? (dash ? '-' : '0123456789abcdefABCDEF'[Math.floor(random() * 22)]) : alphabet[Math.floor(random() * alphabet.length)];
      }
      texts.push(text);
    }

    // Act
    const results = texts.map((text) => fastGuid(text));

    // Assess
    expect(results).toStrictEqual(texts.map((text) => (pattern.test(text) ? text.toLowerCase() : undefined)));
    expect(results.filter((r) => r === undefined).length).toBeGreaterThan(100);
  });
});

describe('type hints', () => {
  it.each([
    ['Entity:http://schemas.microsoft.com/xrm/2011/Contracts', 'Entity', 'http://schemas.microsoft.com/xrm/2011/Contracts'],
    ['KeyValuePairOfstringstring:#System.Collections.Generic', 'KeyValuePairOfstringstring', 'http://schemas.datacontract.org/2004/07/System.Collections.Generic'],
    ['Odd:\\#literal', 'Odd', '#literal'],
    ['Bare', 'Bare', null],
    ['Empty:', 'Empty', ''],
  ])('%s → %s, %s', (hint, name, namespace) => {
    // Act, Assess
    expect([typeNameOf(hint), typeNamespaceOf(hint)]).toStrictEqual([name, namespace]);
  });
});

describe('exceedsDepth', () => {
  it('measures nesting without recursion', () => {
    // Prepare
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;

    // Act, Assess
    expect([exceedsDepth(deep, 256), exceedsDepth([[1]], 2), exceedsDepth([[1]], 1), exceedsDepth('x', 1)]).toStrictEqual([true, false, true, false]);
  });
});
