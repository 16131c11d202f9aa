/**
 * The text XML pull reader on hostile or unusual markup: attribute values read in any order, limits that bound the
 * work per element, and .NET's reading of character references and byte order marks.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { RemoteExecutionContext } from '../../../shared/context/model';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';
import { decodeError as failure } from '../../helpers/decodeError';

const utf8 = new TextEncoder();

function decode(xml: string | Uint8Array, limits: Partial<DecodeLimits> = {}): RemoteExecutionContext {
  return contextFromXmlBytes(typeof xml === 'string' ? utf8.encode(xml) : xml, { ...DEFAULT_DECODE_LIMITS, ...limits });
}

/** A context with the required members, `members` after them. */
function context(members: string, rootAttributes = ''): string {
  return (
    `<RemoteExecutionContext xmlns="${XRM}" xmlns:i="${XSI}"${rootAttributes}><CorrelationId>0b5c4a3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d</CorrelationId>` +
    `<MessageName>Update</MessageName><OrganizationId>7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d</OrganizationId><PrimaryEntityName>account</PrimaryEntityName><Stage>40</Stage>` +
    `${members}</RemoteExecutionContext>`
  );
}

/** A context whose SharedVariables hold one item `key` with the given `<a:value …>` element. */
function shared(key: string, value: string): string {
  return context(`<SharedVariables xmlns:a="${GENERIC}"><KeyValuePairOfstringanyType><a:key>${key}</a:key>${value}</KeyValuePairOfstringanyType></SharedVariables>`);
}

describe('XmlTextPullReader: attribute values', () => {
  it('decodes references in i:type and i:nil whatever the declarations after them hold', () => {
    // Prepare: DCS writes i:type before its xmlns:b; a later value with a reference used to hide the earlier one
    const typed = shared('flag', `<a:value i:type="b:b&#x6F;olean" xmlns:b="${XSD}">true</a:value>`);
    const typedBeforeAmp = shared('flag', `<a:value i:type="b:b&#x6F;olean" xmlns:b="${XSD}" xmlns:z="urn:a&amp;b">true</a:value>`);
    const nil = context(`<ParentContext i:nil="&#x74;rue" xmlns:z="urn:a&amp;b"/>`);
    const spaced = context(`<ParentContext i:nil="&#9;true" xmlns:z="urn:a&#9;b"/>`);
    // Act
    const values = [typed, typedBeforeAmp].map((xml) => decode(xml).sharedVariables['flag']);
    const parents = [nil, spaced].map((xml) => decode(xml).parentContext);
    // Assess
    expect(values).toEqual([true, true]);
    expect(parents).toEqual([null, null]);
  });
});

describe('XmlTextPullReader: XSI attributes compared by expanded name', () => {
  it('refuses i:nil and j:nil (or i:type and j:type) bound to the same XSI namespace', () => {
    // Prepare
    const nils = context(`<ParentContext i:nil="true" j:nil="false" xmlns:j="${XSI}"/>`);
    const types = shared('flag', `<a:value i:type="b:boolean" j:type="b:string" xmlns:b="${XSD}" xmlns:j="${XSI}">true</a:value>`);
    // Act
    const errors = [nils, types].map((xml) => failure(() => decode(xml)));
    // Assess
    expect(errors.map((e) => e.code)).toEqual(['INVALID_XML', 'INVALID_XML']);
  });
});

describe('XmlTextPullReader: as .NET reads text XML', () => {
  it('reads character references with leading zeros', () => {
    // Prepare
    const xml = shared('note', `<a:value i:type="b:string" xmlns:b="${XSD}">&#x0000041;&#0000066;&#x000000000043;</a:value>`);
    // Act
    const note = decode(xml).sharedVariables['note'];
    // Assess
    expect(note).toBe('ABC');
  });

  it('still refuses a character reference beyond U+10FFFF or to U+0000, however written', () => {
    // Prepare
    const bodies = ['&#x110000;', '&#x0000110000;', '&#00000000;', '&#1114112;'].map((ref) => shared('note', `<a:value i:type="b:string" xmlns:b="${XSD}">${ref}</a:value>`));
    // Act
    const errors = bodies.map((xml) => failure(() => decode(xml)));
    // Assess
    expect(errors.map((e) => e.code)).toEqual(['INVALID_XML', 'INVALID_XML', 'INVALID_XML', 'INVALID_XML']);
  });

  it('refuses a second byte order mark, also when the body holds non-ASCII text', () => {
    // Prepare
    const bom = [0xef, 0xbb, 0xbf];
    const ascii = Uint8Array.from([...bom, ...bom, ...utf8.encode(context(''))]);
    const nonAscii = Uint8Array.from([...bom, ...bom, ...utf8.encode(context('<SecondaryEntityName>Zoë</SecondaryEntityName>'))]);
    const single = Uint8Array.from([...bom, ...utf8.encode(context('<SecondaryEntityName>Zoë</SecondaryEntityName>'))]);
    // Act
    const errors = [ascii, nonAscii].map((bytes) => failure(() => decode(bytes)));
    const c = decode(single);
    // Assess
    expect(errors.map((e) => [e.code, e.offset])).toEqual([
      ['INVALID_XML', 0],
      ['INVALID_XML', 0],
    ]);
    expect(c.secondaryEntityName).toBe('Zoë');
  });
});

describe('XmlTextPullReader: limits on attributes and namespace declarations', () => {
  it('refuses more attributes on one element than maxAttributes (declarations included), with the offset', () => {
    // Prepare: the root has xmlns and xmlns:i, then 300 more attributes (with the default limit, 256)
    let attributes = '';
    for (let i = 0; i < 300; i++) attributes += ` a${String(i).padStart(6, '0')}=""`;
    const many = context('', attributes);
    const xml = context('', ' a="1" b="2" c="3"');
    // Act
    const byDefault = failure(() => decode(many));
    const small = failure(() => decode(xml, { maxAttributes: 4 }));
    const enough = decode(xml, { maxAttributes: 5 });
    // Assess
    expect([byDefault.code, byDefault.message.includes('maxAttributes')]).toEqual(['LIMIT_EXCEEDED', true]);
    expect([small.code, small.offset]).toEqual(['LIMIT_EXCEEDED', xml.indexOf(' c="3"') + 1]);
    expect(enough.messageName).toBe('Update');
  });

  it('refuses more namespace declarations in scope than maxNamespaces, with the offset', () => {
    // Prepare: 300 declarations over nested elements, 10 per element (each element is within maxAttributes)
    let open = '';
    let close = '';
    for (let level = 0; level < 30; level++) {
      let declarations = '';
      for (let j = 0; j < 10; j++) declarations += ` xmlns:p${level * 10 + j}="urn:u"`;
      open += `<x${declarations}>`;
      close = `</x>${close}`;
    }
    const deep = context(`<Unknown>${open}${close}</Unknown>`);
    const xml = context(`<Unknown xmlns:a="urn:a"><x xmlns:b="urn:b"/></Unknown>`);
    // Act
    const byDefault = failure(() => decode(deep));
    const small = failure(() => decode(xml, { maxNamespaces: 3 }));
    const enough = decode(xml, { maxNamespaces: 4 });
    // Assess: the root declares 2, Unknown 1, x the 4th
    expect([byDefault.code, byDefault.message.includes('maxNamespaces')]).toEqual(['LIMIT_EXCEEDED', true]);
    expect([small.code, small.offset]).toEqual(['LIMIT_EXCEEDED', xml.indexOf('xmlns:b')]);
    expect(enough.messageName).toBe('Update');
  });
});

describe('XmlTextPullReader: duplicate attributes on a tag with many attributes', () => {
  it('finds a duplicate among many attributes (compared through a set beyond 16)', () => {
    // Prepare: 20 attributes, the last one repeating the third
    let attributes = '';
    for (let i = 0; i < 19; i++) attributes += ` a${i}="${i}"`;
    const xml = context('', `${attributes} a2="again"`);
    // Act
    const error = failure(() => decode(xml));
    // Assess
    expect([error.code, error.offset]).toEqual(['INVALID_XML', xml.indexOf(' a2="again"') + 1]);
  });
});
