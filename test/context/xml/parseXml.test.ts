import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, type DecodeLimits } from '../../../shared/context/limits';
import type { XmlNode } from '../../../shared/context/xml/node';
import { parseXml } from '../../../shared/context/xml/parseXml';
import { decodeError as errorOf } from '../../helpers/decodeError';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XSD = 'http://www.w3.org/2001/XMLSchema';

function parse(text: string, limits: Partial<DecodeLimits> = {}): XmlNode {
  return parseXml(text, { ...DEFAULT_DECODE_LIMITS, ...limits });
}

describe('parseXml: structure', () => {
  it('builds elements with expanded names, text and children', () => {
    // Prepare
    const text = '<r xmlns="urn:r"><a>one</a><b><c/></b></r>';

    // Act
    const root = parse(text);

    // Assess
    expect(root).toMatchObject({ ns: 'urn:r', local: 'r', type: null, nil: false });
    expect(root.children.map((c) => c.local)).toEqual(['a', 'b']);
    expect(root.children[0]?.text).toBe('one');
    expect(root.children[1]?.children[0]).toMatchObject({ ns: 'urn:r', local: 'c', text: '', children: [] });
  });

  it('keeps every character of text, white space included', () => {
    // Act
    const root = parse('<r>  two  spaces\t</r>');

    // Assess
    expect(root.text).toBe('  two  spaces\t');
  });

  it('allows an XML declaration, a BOM, comments, processing instructions and CDATA', () => {
    // Prepare
    const text = '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi data?><r>a<!-- x -->b<![CDATA[<&>]]><?p?>c</r>\n<!-- end -->';

    // Act
    const root = parse(text);

    // Assess
    expect(root.text).toBe('ab<&>c');
  });

  it('decodes the predefined entities and character references', () => {
    // Act
    const root = parse('<r a="&quot;&amp;&#x41;">&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;&#xD;</r>');

    // Assess
    expect(root.text).toBe('<>&"\'AB😀\r');
  });

  it('normalizes literal line breaks to \\n but keeps &#xD;', () => {
    // Act
    const root = parse('<r>a\r\nb\rc&#xD;&#xA;d</r>');

    // Assess
    expect(root.text).toBe('a\nb\nc\r\nd');
  });
});

describe('parseXml: namespaces', () => {
  it('resolves i:type by namespace URI, whatever the prefix', () => {
    // Prepare
    const text =
      `<r xmlns="urn:x" xmlns:inst="${XSI}"><v inst:type="d2p1:string" xmlns:d2p1="${XSD}">s</v>` +
      `<v inst:type="zz:string" xmlns:zz="${XSD}">t</v><v inst:type="Entity"/></r>`;

    // Act
    const root = parse(text);

    // Assess
    expect(root.children.map((c) => c.type)).toEqual([
      { ns: XSD, local: 'string' },
      { ns: XSD, local: 'string' },
      { ns: 'urn:x', local: 'Entity' },
    ]);
  });

  it('resolves a prefix declared after the i:type attribute that uses it', () => {
    // Act
    const root = parse(`<r xmlns:i="${XSI}"><v i:type="b:int" xmlns:b="${XSD}">1</v></r>`);

    // Assess
    expect(root.children[0]?.type).toEqual({ ns: XSD, local: 'int' });
  });

  it('scopes re-declared prefixes to their element', () => {
    // Prepare
    const text = '<a:r xmlns:a="urn:1"><a:x xmlns:a="urn:2"><a:y/></a:x><a:z/></a:r>';

    // Act
    const root = parse(text);

    // Assess
    expect(root.ns).toBe('urn:1');
    expect(root.children[0]?.ns).toBe('urn:2');
    expect(root.children[0]?.children[0]?.ns).toBe('urn:2');
    expect(root.children[1]?.ns).toBe('urn:1');
  });

  it('reads i:nil', () => {
    // Act
    const root = parse(`<r xmlns:i="${XSI}"><a i:nil="true"/><b i:nil="false">x</b><c/></r>`);

    // Assess
    expect(root.children.map((c) => c.nil)).toEqual([true, false, false]);
  });

  it('does not take a nil attribute in another namespace for i:nil', () => {
    // Act
    const root = parse('<r xmlns:i="urn:not-xsi"><a i:nil="true"/></r>');

    // Assess
    expect(root.children[0]?.nil).toBe(false);
  });

  it.each([
    ['an element prefix', '<p:r/>'],
    ['an attribute prefix', '<r p:a="1"/>'],
    ['an i:type prefix', `<r xmlns:i="${XSI}" i:type="b:int"/>`],
    ['a prefix out of scope', '<r><a xmlns:p="urn:p"/><p:b/></r>'],
  ])('refuses an undeclared prefix: %s', (_case, text) => {
    // Act
    const error = errorOf(() => parse(text));

    // Assess
    expect(error.code).toBe('INVALID_XML');
    expect(error.message).toMatch(/Undeclared namespace prefix/);
  });
});

describe('parseXml: refused constructs', () => {
  it('refuses a DTD with entity expansion (billion laughs) without expanding it', () => {
    // Prepare
    const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const text = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${lol}]><lolz>&lol9;</lolz>`;

    // Act
    const error = errorOf(() => parse(text));

    // Assess
    expect(error.code).toBe('INVALID_XML');
    expect(error.offset).toBe(21);
  });

  it('refuses an external entity', () => {
    // Act
    const error = errorOf(() => parse('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>'));

    // Assess
    expect(error.code).toBe('INVALID_XML');
  });

  it('refuses an undeclared entity reference', () => {
    // Act
    const error = errorOf(() => parse('<r>&xxe;</r>'));

    // Assess
    expect(error).toMatchObject({ code: 'INVALID_XML', offset: 3 });
  });

  it('refuses markup declarations inside the content', () => {
    // Act
    const error = errorOf(() => parse('<r><!ENTITY x "y"></r>'));

    // Assess
    expect(error.code).toBe('INVALID_XML');
  });
});

describe('parseXml: limits', () => {
  it('refuses 10 000 nested elements with LIMIT_EXCEEDED, not a stack overflow', () => {
    // Prepare
    const text = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);

    // Act
    const error = errorOf(() => parse(text));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toMatch(/maxDepth/);
  });

  it('accepts nesting up to maxDepth', () => {
    // Prepare
    const text = '<a>'.repeat(10) + '</a>'.repeat(10);

    // Act
    const root = parse(text, { maxDepth: 10 });

    // Assess
    expect(root.children).toHaveLength(1);
  });

  it('enforces maxRecords (elements)', () => {
    // Act
    const error = errorOf(() => parse(`<r>${'<a/>'.repeat(10)}</r>`, { maxRecords: 10 }));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toMatch(/maxRecords/);
  });

  it('enforces maxStringLength on text and on attribute values', () => {
    // Act
    const textError = errorOf(() => parse(`<r>${'x'.repeat(11)}</r>`, { maxStringLength: 10 }));
    const attributeError = errorOf(() => parse(`<r a="${'x'.repeat(11)}"/>`, { maxStringLength: 10 }));

    // Assess
    expect(textError.code).toBe('LIMIT_EXCEEDED');
    expect(attributeError.code).toBe('LIMIT_EXCEEDED');
  });
});

describe('parseXml: malformed input', () => {
  it.each([
    ['mismatched end tag', '<r><a></b></r>', 6],
    ['end tag that only starts like the name', '<r><ab></a></r>', 7],
    ['unclosed element', '<r><a>', 6],
    ['truncated start tag', '<r><a x="1"', undefined],
    ['truncated in an end tag', '<r>text</r', 10],
    ['content after the root', '<r/><r/>', 4],
    ['text after the root', '<r/>x', 4],
    ['text before the root', 'x<r/>', 0],
    ['empty document', '', 0],
    ['forbidden control character', '<r>a\u0001b</r>', 4],
    ['duplicate attribute', '<r a="1" a="2"/>', 9],
    ['unquoted attribute', '<r a=1/>', 5],
    ["'<' in an attribute value", '<r a="<"/>', 6],
    ['attributes without white space', '<r a="1"b="2"/>', 8],
    ["']]>' in text", '<r>a]]>b</r>', 4],
    ['bad element name', '<1r/>', 1],
    ['two colons in a name', '<a:b:c xmlns:a="urn:a"/>', 1],
    ['unterminated comment', '<r><!-- x</r>', 3],
    ["'--' in a comment", '<r><!-- a -- b --></r>', 10],
    ['XML declaration not at the start', ' <?xml version="1.0"?><r/>', 1],
    ['malformed i:nil', `<r xmlns:i="${XSI}" i:nil="yes"/>`, 55],
    ['bad character reference', '<r>&#0;</r>', 3],
    ['unterminated reference', '<r>a & b</r>', 5],
  ])('refuses %s with INVALID_XML and the offset', (_case, text, offset) => {
    // Act
    const error = errorOf(() => parse(text));

    // Assess
    expect(error.code).toBe('INVALID_XML');
    if (offset !== undefined) expect(error.offset).toBe(offset);
  });
});
