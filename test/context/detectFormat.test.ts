import { describe, expect, it } from 'vitest';
import { detectFormat, formatFromContentType, sniffFormat } from '../../shared/context/detectFormat';
import { DecodeError } from '../../shared/context/errors';

const text = (s: string) => new TextEncoder().encode(s);

describe('formatFromContentType', () => {
  it.each([
    ['application/msbin1', 'binary'],
    ['application/json', 'json'],
    ['application/xml', 'xml'],
    ['Application/JSON; charset=utf-8', 'json'],
    [' application/xml ;charset=UTF-8', 'xml'],
    ['text/xml', 'xml'],
  ])('maps %s to %s', (contentType, format) => {
    // Act
    const result = formatFromContentType(contentType);

    // Assess
    expect(result).toBe(format);
  });

  it.each([undefined, null, '', '  '])('treats %j as missing', (contentType) => {
    // Act & Assess
    expect(formatFromContentType(contentType)).toBeUndefined();
  });

  it('rejects a content type Dataverse does not send', () => {
    // Act
    const act = () => formatFromContentType('text/plain');

    // Assess
    expect(act).toThrow(DecodeError);
    expect(act).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe('sniffFormat', () => {
  it.each([
    ['{"Depth":1}', 'json'],
    ['\ufeff \n {"Depth":1}', 'json'],
    ['<RemoteExecutionContext/>', 'xml'],
    ['\ufeff<?xml version="1.0"?><a/>', 'xml'],
  ])('recognises text %j', (body, format) => {
    // Act & Assess
    expect(sniffFormat(text(body))).toBe(format);
  });

  it('recognises the NBFX preamble of a RemoteExecutionContext', () => {
    // Prepare
    const bytes = Uint8Array.of(0x40, 0x16, ...text('RemoteExecutionContext'));

    // Act & Assess
    expect(sniffFormat(bytes)).toBe('binary');
  });

  it.each([[new Uint8Array()], [text('hello')], [Uint8Array.of(0x00, 0x01)]])('returns undefined for %j', (bytes) => {
    // Act & Assess
    expect(sniffFormat(bytes)).toBeUndefined();
  });
});

describe('detectFormat', () => {
  it('prefers the declared content type over the bytes', () => {
    // Act & Assess
    expect(detectFormat(text('{}'), 'application/xml')).toBe('xml');
  });

  it('fails with UNSUPPORTED_FORMAT for an empty body without a content type', () => {
    // Act & Assess
    expect(() => detectFormat(new Uint8Array())).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT', message: 'The body is empty (at offset 0)' }));
  });
});
