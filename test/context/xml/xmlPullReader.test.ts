/**
 * The text XML pull reader on hostile or unusual markup: attribute values read in any order, limits that bound the
 * work per element, and .NET's reading of character references and byte order marks.
 */
import { describe, expect, it } from 'vitest';
import { isDecodeError, type DecodeError } from '../../../shared/context/errors';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { RemoteExecutionContext } from '../../../shared/context/model';
import { contextFromXmlBytes } from '../../../shared/context/xml/contextFromXmlBytes';
import { GENERIC, XRM, XSD, XSI } from './dcsBuilder';

const utf8 = new TextEncoder();

function failure(run: () => unknown): DecodeError {
  try {
    run();
  } catch (error) {
    if (isDecodeError(error)) return error;
    throw error;
  }
  throw new Error('expected a DecodeError');
}

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
