/**
 * Every golden fixture (one context serialized by the real .NET serializers in all three formats): the binary body
 * reads to the same element tree as the text XML body, and decodes to the same model as the XML and JSON bodies.
 */
import { describe, expect, it } from 'vitest';
import { decodeContext } from '../../../shared/context/decodeContext';
import { DEFAULT_DECODE_LIMITS } from '../../../shared/context/limits';
import { readNbfx } from '../../../shared/context/nbfx/readNbfx';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { goldenFixtureNames, readExpected, readGolden } from '../../helpers/fixtures';
import { plainTree, type PlainNode } from './treeOf';

const names = goldenFixtureNames();

/** The model with every `Unknown.value` dropped (its generic rendering is format-specific by design). */
function withoutUnknownValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnknownValues);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isUnknown = (value as { kind?: unknown }).kind === 'Unknown';
  return Object.fromEntries(entries.filter(([key]) => !(isUnknown && key === 'value')).map(([key, v]) => [key, withoutUnknownValues(v)]));
}

const LOCAL_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d{1,7})?([+-]\d\d:\d\d)$/;

/**
 * A Local-kind DateTime keeps its instant but not its zone in binary (the writer stores UTC ticks), so its text is
 * `...+02:00` in XML and `...+00:00` from binary: compare such texts as UTC instants (with all 7 tick digits).
 */
function instantsForLocalDates(node: PlainNode): PlainNode {
  const match = LOCAL_DATE.exec(node.text);
  const text = match === null ? node.text : `${new Date(`${match[1]!}${match[3]!}`).toISOString().slice(0, 19)}${match[2] ?? ''}Z`;
  return { ...node, text, children: node.children.map(instantsForLocalDates) };
}

describe('golden fixtures: binary vs XML vs JSON', () => {
  it('has golden fixtures to compare', () => {
    // Assess
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s: the .bin tree equals the .xml tree (Local dates compared as instants)', (name) => {
    // Prepare
    const xmlText = new TextDecoder().decode(readGolden(name, 'xml'));
    // Act
    const fromBinary = instantsForLocalDates(plainTree(readNbfx(readGolden(name, 'bin'), DEFAULT_DECODE_LIMITS)));
    const fromXml = instantsForLocalDates(plainTree(parseXml(xmlText, DEFAULT_DECODE_LIMITS)));
    // Assess
    expect(fromBinary).toEqual(fromXml);
  });

  it.each(names)('%s: the .bin body decodes to the .xml model and the expected model', (name) => {
    // Act
    const fromBinary = withoutUnknownValues(JSON.parse(JSON.stringify(decodeContext(readGolden(name, 'bin'), 'application/msbin1'))));
    const fromXml = withoutUnknownValues(JSON.parse(JSON.stringify(decodeContext(readGolden(name, 'xml'), 'application/xml'))));
    // Assess
    expect(fromBinary).toEqual(fromXml);
    expect(fromBinary).toEqual(withoutUnknownValues(readExpected(name)));
  });
});
