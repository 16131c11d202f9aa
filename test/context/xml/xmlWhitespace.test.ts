/**
 * Values are trimmed of XML white space only (space, tab, CR, LF), as .NET's XmlConvert trims them: a no-break space
 * or a BOM around a number, boolean, date, enum name, i:nil or i:type is refused, not silently accepted.
 */
import { describe, expect, it } from 'vitest';
import { decodeContextAs } from '../../../shared/context/decodeContext';
import type { Value } from '../../../shared/context/model';
import { trimXml } from '../../../shared/context/xml/xmlWhitespace';
import { decodeError as errorOf } from '../../helpers/decodeError';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const REQUIRED = '<CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId><MessageName>Update</MessageName><OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName>';

/** A context body (production byte path) with `stage` as its Stage text and `value` as InputParameters.v. */
function body(value: string, stage = '40'): Uint8Array {
  return new TextEncoder().encode(
    `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}"><InputParameters xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>v</a:key>${value}</KeyValuePairOfstringanyType></InputParameters>${REQUIRED}<Stage>${stage}</Stage></RemoteExecutionContext>`,
  );
}

const typed = (type: string, text: string): string => `<a:value i:type="b:${type}" xmlns:b="${XSD}">${text}</a:value>`;
const inputOf = (bytes: Uint8Array): Value | undefined => decodeContextAs(bytes, 'xml').context.inputParameters['v'];

describe('trimXml', () => {
  it.each([
    ['40', '40'],
    [' \t\r\n40 \n', '40'],
    ['\n\n', ''],
    ['', ''],
    ['4 0', '4 0'],
    ['40\u00a0', '40\u00a0'],
    ['\ufeff40', '\ufeff40'],
    ['\u2003x\u2003', '\u2003x\u2003'],
  ])('%j → %j', (text, expected) => {
    // Act
    const trimmed = trimXml(text);

    // Assess
    expect(trimmed).toBe(expected);
  });
});

describe('XML values: XML white space is trimmed, other spaces are not', () => {
  it.each<[string, string, Value]>([
    ['int', ' \n 42\t', 42],
    ['boolean', '\r\ntrue ', true],
    ['double', ' 0.5 ', 0.5],
    ['dateTime', ' 2024-05-01T13:45:10Z\n', '2024-05-01T13:45:10.000Z'],
  ])('reads a %s surrounded by XML white space', (type, text, expected) => {
    // Act
    const value = inputOf(body(typed(type, text)));

    // Assess
    expect(value).toEqual(expected);
  });

  it.each([
    ['int', '42\u00a0'],
    ['boolean', '\u00a0true'],
    ['decimal', '\ufeff1.5'],
    ['dateTime', '2024-05-01T13:45:10Z\u2003'],
  ])('refuses a %s with a non-XML space (%j)', (type, text) => {
    // Act
    const error = errorOf(() => inputOf(body(typed(type, text))));

    // Assess
    expect(error.code).toBe('INVALID_VALUE');
  });

  it('refuses a Stage with a no-break space and reads one with new lines', () => {
    // Act
    const refused = errorOf(() => decodeContextAs(body(typed('int', '1'), '\u00a040'), 'xml'));
    const read = decodeContextAs(body(typed('int', '1'), '\n40\n'), 'xml').context.stage;

    // Assess
    expect(refused.code).toBe('INVALID_VALUE');
    expect(read).toBe(40);
  });

  it('refuses i:nil and i:type values padded with a no-break space, and reads them padded with XML white space', () => {
    // Act
    const nil = inputOf(body('<a:value i:nil=" true\n"/>'));
    const type = inputOf(body(`<a:value i:type=" b:int\t" xmlns:b="${XSD}">7</a:value>`));
    const badNil = errorOf(() => inputOf(body('<a:value i:nil="true\u00a0"/>')));
    const badType = errorOf(() => inputOf(body(`<a:value i:type="\u00a0b:int" xmlns:b="${XSD}">7</a:value>`)));

    // Assess
    expect(nil).toBeNull();
    expect(type).toBe(7);
    expect(badNil.code).toBe('INVALID_XML');
    expect(badType.code).toBe('INVALID_XML');
  });
});
