/**
 * Bodies that are not a context: always a typed DecodeError with the right code and path, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { decodeContext } from '../../../shared/context/decodeContext';
import { DecodeError, isDecodeError } from '../../../shared/context/errors';
import { OMIT, contextJson, decode, entityJson, hint, IDS, kv, thrown } from './dcjs';

function errorOf(run: () => unknown): DecodeError {
  const error = thrown(run);
  if (!isDecodeError(error)) throw new Error(`Expected a DecodeError, got ${String(error)}`);
  return error;
}

function targetJson(attributes: Record<string, string>): string {
  return contextJson({ InputParameters: kv({ Target: entityJson({ attributes }) }) });
}

describe('JSON decode errors: not JSON', () => {
  it.each([
    ['an empty body', '', 0],
    ['truncated JSON', '{"MessageName":"Upd', 19],
    ['a missing value', '{"MessageName":}', undefined],
    ['plain text', 'hello', undefined],
    ['XML', '<RemoteExecutionContext/>', undefined],
  ])('%s → INVALID_JSON', (_name, body, offset) => {
    // Act
    const error = errorOf(() => decode(body));

    // Assess
    expect(error.code).toBe('INVALID_JSON');
    expect(error.offset).toBe(offset);
  });

  it('a truncated real context → INVALID_JSON with the offset', () => {
    // Prepare
    const body = targetJson({ name: '"Contoso"' });
    const cut = body.slice(0, 300);

    // Act
    const error = errorOf(() => decode(cut));

    // Assess
    expect(error.code).toBe('INVALID_JSON');
    expect(error.offset).toBeGreaterThan(0);
  });
});

describe('JSON decode errors: not a context', () => {
  it.each([
    ['an array', '[1,2]'],
    ['a string', '"Update"'],
    ['a number', '42'],
    ['null', 'null'],
    ['true', 'true'],
  ])('a root that is %s → NOT_A_CONTEXT', (_name, body) => {
    // Act
    const error = errorOf(() => decode(body));

    // Assess
    expect(error.code).toBe('NOT_A_CONTEXT');
  });

  it.each(['MessageName', 'PrimaryEntityName', 'OrganizationId', 'Stage', 'CorrelationId'])('a context without %s → NOT_A_CONTEXT at that member', (member) => {
    // Act
    const missing = errorOf(() => decode(contextJson({ [member]: OMIT })));
    const nil = errorOf(() => decode(contextJson({ [member]: 'null' })));

    // Assess
    expect([missing.code, missing.path]).toStrictEqual(['NOT_A_CONTEXT', member]);
    expect([nil.code, nil.path]).toStrictEqual(['NOT_A_CONTEXT', member]);
  });

  it('an empty object → NOT_A_CONTEXT', () => {
    // Act
    const error = errorOf(() => decode('{}'));

    // Assess
    expect(error.code).toBe('NOT_A_CONTEXT');
  });

  it('a ParentContext without its required members → NOT_A_CONTEXT with the nested path', () => {
    // Act
    const error = errorOf(() => decode(contextJson({ ParentContext: '{"Depth":1}' })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['NOT_A_CONTEXT', 'ParentContext.MessageName']);
  });

  it.each([
    ['InputParameters', '{"Target":1}', 'InputParameters'],
    ['InputParameters', '[1]', 'InputParameters[0]'],
    ['InputParameters', '[{"key":1,"value":2}]', 'InputParameters[0]'],
    ['PreEntityImages', '[{"key":"PreImage","value":"x"}]', 'PreEntityImages.PreImage'],
    ['OwningExtension', '"step"', 'OwningExtension'],
    ['ParentContext', '[]', 'ParentContext'],
  ])('a malformed %s (%s) → NOT_A_CONTEXT at %s', (member, json, path) => {
    // Act
    const error = errorOf(() => decode(contextJson({ [member]: json })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['NOT_A_CONTEXT', path]);
  });
});

describe('JSON decode errors: wrong member types', () => {
  it.each([
    ['Stage', '"40"'],
    ['Stage', '40.5'],
    ['Depth', 'true'],
    ['IsInTransaction', '"true"'],
    ['MessageName', '12'],
    ['UserId', '"not-a-guid"'],
    ['UserId', '42'],
    ['CorrelationId', '"6420f0cc-916b-ee11-9ae6-000d3a68880"'],
    ['OperationCreatedOn', '"2024-06-11T10:00:00Z"'],
    ['OperationCreatedOn', '"\\/Date(99999999999999999)\\/"'],
    ['OperationCreatedOn', '1718100000000'],
  ])('%s = %s → INVALID_VALUE at that member', (member, json) => {
    // Act
    const error = errorOf(() => decode(contextJson({ [member]: json })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['INVALID_VALUE', member]);
  });

  it('a bad value deep in a Target names the attribute path', () => {
    // Act
    const error = errorOf(() => decode(targetJson({ revenue: `{${hint('Money')},"Value":"100"}` })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['INVALID_VALUE', 'InputParameters.Target.Attributes.revenue.Value']);
  });

  it.each([
    ['a bad lookup id', `{${hint('EntityReference')},"Id":"nope","LogicalName":"contact"}`, 'InputParameters.Target.Attributes.x.Id'],
    ['a non-integer choice', `{${hint('OptionSetValue')},"Value":1.5}`, 'InputParameters.Target.Attributes.x.Value'],
    ['an out-of-range date', '"\\/Date(-62135596800001)\\/"', 'InputParameters.Target.Attributes.x'],
    ['an out-of-range date in an array', '["a","\\/Date(-62135596800001)\\/"]', 'InputParameters.Target.Attributes.x[1]'],
    [
      'an out-of-range aliased date',
      `{${hint('AliasedValue')},"AttributeLogicalName":"a","EntityLogicalName":"e","Value":"\\/Date(-62135596800001)\\/"}`,
      'InputParameters.Target.Attributes.x.Value',
    ],
    ['a bad EntityState', entityJson({ entityState: '7' }), 'InputParameters.Target.Attributes.x.EntityState'],
    ['a bad PrimaryEntityRole', `{${hint('Relationship')},"PrimaryEntityRole":"Referenced","SchemaName":"s"}`, 'InputParameters.Target.Attributes.x.PrimaryEntityRole'],
    ['a multi-select item', `[{${hint('OptionSetValue')},"Value":1},{${hint('OptionSetValue')},"Value":"2"}]`, 'InputParameters.Target.Attributes.x[1].Value'],
    ['an Entities item', `{${hint('EntityCollection')},"Entities":[${entityJson({ typed: false })},${entityJson({ typed: false, id: 'x' })}]}`, 'InputParameters.Target.Attributes.x.Entities[1].Id'],
    ['a formatted value', entityJson({ formattedValues: { a: '1' } }), 'InputParameters.Target.Attributes.x.FormattedValues.a'],
  ])('%s → INVALID_VALUE at %s', (_name, json, path) => {
    // Act
    const error = errorOf(() => decode(targetJson({ x: json })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['INVALID_VALUE', path]);
  });

  it('a bad member of a ParentContext names the nested path', () => {
    // Act
    const error = errorOf(() => decode(contextJson({ ParentContext: contextJson({ UserId: '"x"' }) })));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['INVALID_VALUE', 'ParentContext.UserId']);
  });
});

describe('JSON decode errors: limits', () => {
  it.each([
    ['[[[…]]]', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['{"a":{"a":…}}', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
  ])('a 10 000-deep %s → LIMIT_EXCEEDED', (_name, body) => {
    // Act
    const error = errorOf(() => decode(body));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.message).toContain('maxDepth');
  });

  it('a 10 000-deep array inside a Target attribute → LIMIT_EXCEEDED inside that attribute', () => {
    // Act
    const error = errorOf(() => decode(targetJson({ x: '['.repeat(10_000) + ']'.repeat(10_000) })));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
    expect(error.path.startsWith('InputParameters.Target.Attributes.x')).toBe(true);
  });

  it('10 000 nested ParentContexts → LIMIT_EXCEEDED, not a stack overflow', () => {
    // Prepare
    const head = '{"MessageName":"Update","OrganizationId":"0b6b9c1e-6f4d-ee11-be6f-000d3a5c1f20","PrimaryEntityName":"account","Stage":40,"ParentContext":';
    const body = head.repeat(10_000) + 'null' + '}'.repeat(10_000);

    // Act
    const error = errorOf(() => decode(body));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
  });

  it('a 10 000-deep Unknown value → LIMIT_EXCEEDED', () => {
    // Act
    const error = errorOf(() => decode(targetJson({ x: `{${hint('QueryExpression')},"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}` })));

    // Assess
    expect(error.code).toBe('LIMIT_EXCEEDED');
  });

  it('respects a lower maxDepth and accepts what fits', () => {
    // Prepare
    const body = targetJson({ name: '"A"' });

    // Act
    const tooDeep = errorOf(() => decode(body, { maxDepth: 4 }));
    const fits = decode(body, { maxDepth: 6 });

    // Assess
    expect(tooDeep.code).toBe('LIMIT_EXCEEDED');
    expect(fits.messageName).toBe('Update');
  });

  it('an array longer than maxArrayLength → LIMIT_EXCEEDED with its path', () => {
    // Prepare
    const body = targetJson({ ids: JSON.stringify(Array.from({ length: 11 }, () => IDS.contact)) });

    // Act
    const error = errorOf(() => decode(body, { maxArrayLength: 10 }));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['LIMIT_EXCEEDED', 'InputParameters.Target.Attributes.ids']);
  });

  it('a {key, value} collection longer than maxArrayLength → LIMIT_EXCEEDED', () => {
    // Prepare
    const pairs = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`v${i}`, String(i)]));

    // Act
    const error = errorOf(() => decode(contextJson({ SharedVariables: kv(pairs) }), { maxArrayLength: 10 }));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['LIMIT_EXCEEDED', 'SharedVariables']);
  });

  it.each([
    ['an array item', `["a","${'x'.repeat(101)}"]`, 'InputParameters.Target.Attributes.list[1]'],
    ['an aliased value', `{${hint('AliasedValue')},"AttributeLogicalName":"a","EntityLogicalName":"e","Value":"${'x'.repeat(101)}"}`, 'InputParameters.Target.Attributes.list.Value'],
  ])('a string longer than maxStringLength in %s → LIMIT_EXCEEDED at its path', (_name, json, path) => {
    // Act
    const error = errorOf(() => decode(targetJson({ list: json }), { maxStringLength: 100 }));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['LIMIT_EXCEEDED', path]);
  });

  it('a string longer than maxStringLength → LIMIT_EXCEEDED', () => {
    // Act
    const error = errorOf(() => decode(targetJson({ description: `"${'x'.repeat(101)}"` }), { maxStringLength: 100 }));

    // Assess
    expect([error.code, error.path]).toStrictEqual(['LIMIT_EXCEEDED', 'InputParameters.Target.Attributes.description']);
  });
});

describe('JSON decode errors through decodeContext', () => {
  it.each([
    ['{"MessageName":', 'INVALID_JSON'],
    ['[]', 'NOT_A_CONTEXT'],
    [contextJson({ Stage: '"x"' }), 'INVALID_VALUE'],
    ['['.repeat(100_000) + ']'.repeat(100_000), 'LIMIT_EXCEEDED'],
  ])('%# → %s', (body, code) => {
    // Act
    const error = errorOf(() => decodeContext(new TextEncoder().encode(body), 'application/json'));

    // Assess
    expect(error.code).toBe(code);
  });

  it('never throws anything but a DecodeError for mangled real bodies', () => {
    // Prepare: every prefix and a set of one-character corruptions of a real context
    const body = targetJson({ name: '"Contoso"', revenue: `{${hint('Money')},"Value":1}`, when: '"\\/Date(0)\\/"' });
    const variants: string[] = [];
    for (let end = 0; end < body.length; end += 7) variants.push(body.slice(0, end));
    for (let at = 0; at < body.length; at += 5) for (const c of ['"', '{', ']', '1', 'x', ',']) variants.push(body.slice(0, at) + c + body.slice(at + 1));

    // Act
    const failures = variants.map((variant) => thrown(() => decode(variant))).filter((error) => error !== undefined && !isDecodeError(error));

    // Assess
    expect(failures).toStrictEqual([]);
  });
});
