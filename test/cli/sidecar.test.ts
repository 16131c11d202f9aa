import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATAVERSE_PROPERTY,
  formatSidecar,
  listMessageFiles,
  messagePropertiesFor,
  parseSidecar,
  readMessageFile,
  SidecarError,
  toServiceBusMessage,
  toTriggerMetadata,
} from '../../cli/sidecar';

const CLAIMS = {
  'http://schemas.microsoft.com/xrm/2011/Claims/Organization': 'contoso.crm.dynamics.com',
  'http://schemas.microsoft.com/xrm/2011/Claims/User': '{9f3e1b2a-4c5d-4e6f-8a9b-0c1d2e3f4a5b}',
  'http://schemas.microsoft.com/xrm/2011/Claims/InitiatingUser': '{9f3e1b2a-4c5d-4e6f-8a9b-0c1d2e3f4a5b}',
  'http://schemas.microsoft.com/xrm/2011/Claims/EntityLogicalName': 'account',
  'http://schemas.microsoft.com/xrm/2011/Claims/RequestName': 'Create',
};

describe('parseSidecar', () => {
  it('reads the documented shape and normalizes the correlation id to braced lower case', () => {
    // Prepare
    const text = JSON.stringify({
      $comment: 'captured 2024-05-01',
      contentType: 'application/msbin1',
      correlationId: 'A1B2C3D4-0000-4000-8000-00000000ABCD',
      messageId: '0f8fad5bd9cb469fa16570867728950e',
      deliveryCount: 2,
      enqueuedTimeUtc: '2024-05-01T12:00:00+02:00',
      applicationProperties: { ...CLAIMS, MessageMaxSizeExceeded: true },
    });

    // Act
    const sidecar = parseSidecar(text, 'x.bin.props.json');

    // Assess
    expect(sidecar).toEqual({
      contentType: 'application/msbin1',
      correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}',
      messageId: '0f8fad5bd9cb469fa16570867728950e',
      deliveryCount: 2,
      enqueuedTimeUtc: '2024-05-01T10:00:00.000Z',
      applicationProperties: { ...CLAIMS, MessageMaxSizeExceeded: true },
    });
  });

  it('accepts a logged triggerMetadata or a PascalCase export, ignoring broker-assigned keys', () => {
    // Prepare
    const triggerMetadata = JSON.stringify({
      deliveryCount: 1,
      lockToken: '00000000-0000-0000-0000-000000000000',
      sequenceNumber: 17,
      messageId: 12345,
      ContentType: 'application/json',
      CorrelationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}',
      applicationProperties: CLAIMS,
      userProperties: CLAIMS,
    });

    // Act
    const sidecar = parseSidecar(triggerMetadata, 'dump.json.props.json');

    // Assess
    expect(sidecar.contentType).toBe('application/json');
    expect(sidecar.messageId).toBe('12345');
    expect(sidecar.applicationProperties).toEqual(CLAIMS);
  });

  it.each([
    ['not json', '{', /not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['a misspelled key', '{"applicationProperty": {}}', /applicationProperty/],
    ['an object property value', '{"applicationProperties": {"a": {"b": 1}}}', /applicationProperties\.a/],
    ['a bad date', '{"enqueuedTimeUtc": "yesterday"}', /enqueuedTimeUtc/],
    ['a zero delivery count', '{"deliveryCount": 0}', /deliveryCount/],
  ])('rejects %s with a SidecarError naming the file', (_name, text, message) => {
    // Act
    const act = () => parseSidecar(text, 'bad.json.props.json');

    // Assess
    expect(act).toThrow(SidecarError);
    expect(act).toThrow(/bad\.json\.props\.json/);
    expect(act).toThrow(message);
  });

  it('round-trips through formatSidecar', () => {
    // Prepare
    const sidecar = parseSidecar(JSON.stringify({ contentType: 'application/xml', correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}', applicationProperties: CLAIMS }), 's');

    // Act
    const again = parseSidecar(formatSidecar(sidecar), 's');

    // Assess
    expect(again).toEqual(sidecar);
  });
});

describe('toServiceBusMessage', () => {
  it('sends the exact bytes as a Buffer with only the properties Dataverse sets', () => {
    // Prepare
    const body = new Uint8Array([0x40, 0x01, 0x41, 0xff]);

    // Act
    const message = toServiceBusMessage(body, { contentType: 'application/msbin1', correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}', messageId: '0f8fad5bd9cb469fa16570867728950e', applicationProperties: CLAIMS });

    // Assess
    expect(Buffer.isBuffer(message.body)).toBe(true);
    expect([...(message.body as Buffer)]).toEqual([0x40, 0x01, 0x41, 0xff]);
    expect(message).toEqual({
      body: expect.any(Buffer),
      contentType: 'application/msbin1',
      correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}',
      messageId: '0f8fad5bd9cb469fa16570867728950e',
      applicationProperties: CLAIMS,
    });
  });
});

describe('toTriggerMetadata', () => {
  it('builds the camelCase metadata the Node library hands the function', () => {
    // Prepare
    const properties = { contentType: 'application/json', correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}', messageId: '0f8fad5bd9cb469fa16570867728950e', applicationProperties: { ...CLAIMS, MessageMaxSizeExceeded: true } };

    // Act
    const metadata = toTriggerMetadata(properties, { deliveryCount: 3, enqueuedTimeUtc: new Date('2024-05-01T10:00:00Z'), sequenceNumber: 7 });

    // Assess
    expect(metadata).toMatchObject({
      messageId: '0f8fad5bd9cb469fa16570867728950e',
      contentType: 'application/json',
      correlationId: '{a1b2c3d4-0000-4000-8000-00000000abcd}',
      deliveryCount: 3,
      sequenceNumber: 7,
      enqueuedTimeUtc: '2024-05-01T10:00:00.000Z',
      expiresAtUtc: '2024-05-15T10:00:00.000Z',
      applicationProperties: { ...CLAIMS, messageMaxSizeExceeded: true },
      userProperties: { ...CLAIMS, messageMaxSizeExceeded: true },
    });
    expect(metadata['lockToken']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('turns an all-digit message id into a number, as the library does', () => {
    // Act
    const metadata = toTriggerMetadata({ contentType: 'application/json', correlationId: undefined, messageId: '12345', applicationProperties: {} }, { deliveryCount: 1, enqueuedTimeUtc: new Date(), sequenceNumber: 1 });

    // Assess
    expect(metadata['messageId']).toBe(12345);
    expect('correlationId' in metadata).toBe(false);
  });
});

describe('message files', () => {
  const body = JSON.stringify({
    BusinessUnitId: 'b1b2b3b4-0000-4000-8000-000000000001',
    CorrelationId: 'c1c2c3c4-0000-4000-8000-000000000002',
    Depth: 1,
    InitiatingUserId: 'a1a2a3a4-0000-4000-8000-000000000003',
    InputParameters: [],
    IsExecutingOffline: false,
    IsInTransaction: false,
    IsOfflinePlayback: false,
    IsolationMode: 1,
    MessageName: 'Delete',
    Mode: 1,
    OperationCreatedOn: '/Date(1714557600000)/',
    OperationId: 'd1d2d3d4-0000-4000-8000-000000000004',
    OrganizationId: 'e1e2e3e4-0000-4000-8000-000000000005',
    OrganizationName: 'Contoso',
    OutputParameters: [],
    OwningExtension: { Id: 'f1f2f3f4-0000-4000-8000-000000000006', KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: 'step', RowVersion: null },
    ParentContext: null,
    PostEntityImages: [],
    PreEntityImages: [],
    PrimaryEntityId: '01020304-0000-4000-8000-000000000007',
    PrimaryEntityName: 'account',
    RequestId: null,
    SecondaryEntityName: 'none',
    SharedVariables: [],
    Stage: 40,
    UserId: 'a1a2a3a4-0000-4000-8000-000000000003',
  });

  it('lists bodies in a directory, sorted, without sidecars or expected files', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
    for (const name of ['b.xml', 'a.bin', 'a.bin.props.json', 'c.json', 'c.expected.json', 'notes.txt']) await writeFile(join(dir, name), '');

    // Act
    const files = await listMessageFiles([dir]);

    // Assess
    expect(files).toEqual([join(dir, 'a.bin'), join(dir, 'b.xml'), join(dir, 'c.json')]);
  });

  it('uses the sidecar when there is one', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
    const file = join(dir, 'delete.json');
    await writeFile(file, body);
    await writeFile(`${file}.props.json`, JSON.stringify({ contentType: 'application/json', correlationId: '{c1c2c3c4-0000-4000-8000-000000000002}', messageId: 'fixed', applicationProperties: CLAIMS }));

    // Act
    const properties = messagePropertiesFor(await readMessageFile(file));

    // Assess
    expect(properties).toEqual({ contentType: 'application/json', correlationId: '{c1c2c3c4-0000-4000-8000-000000000002}', messageId: 'fixed', applicationProperties: CLAIMS });
  });

  it('derives what Dataverse sets from the decoded body when there is no sidecar', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
    const file = join(dir, 'capture.txt');
    await writeFile(file, body);

    // Act
    const message = await readMessageFile(file);
    const properties = messagePropertiesFor(message);

    // Assess
    expect(await readFile(file, 'utf8')).toBe(body);
    expect(properties.contentType).toBe('application/json');
    expect(properties.correlationId).toBe('{c1c2c3c4-0000-4000-8000-000000000002}');
    expect(properties.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(properties.applicationProperties).toEqual({
      [DATAVERSE_PROPERTY.organization]: 'contoso',
      [DATAVERSE_PROPERTY.user]: '{a1a2a3a4-0000-4000-8000-000000000003}',
      [DATAVERSE_PROPERTY.initiatingUser]: '{a1a2a3a4-0000-4000-8000-000000000003}',
      [DATAVERSE_PROPERTY.entityLogicalName]: 'account',
      [DATAVERSE_PROPERTY.requestName]: 'Delete',
    });
  });
});
