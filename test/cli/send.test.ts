import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceBusMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command';
import { createSendCommand, type MessageSenderClient } from '../../cli/commands/send';
import type { ServiceBusConnectionSpec } from '../../cli/serviceBusTarget';

const EMULATOR = 'Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;';
const CLAIMS = {
  'http://schemas.microsoft.com/xrm/2011/Claims/Organization': 'contoso.crm.dynamics.com',
  'http://schemas.microsoft.com/xrm/2011/Claims/User': '{9f3e1b2a-4c5d-4e6f-8a9b-0c1d2e3f4a5b}',
  'http://schemas.microsoft.com/xrm/2011/Claims/InitiatingUser': '{9f3e1b2a-4c5d-4e6f-8a9b-0c1d2e3f4a5b}',
  'http://schemas.microsoft.com/xrm/2011/Claims/EntityLogicalName': 'account',
  'http://schemas.microsoft.com/xrm/2011/Claims/RequestName': 'Create',
  MessageMaxSizeExceeded: true,
};

/** A stand-in at the `@azure/service-bus` boundary: records the connection, the entity and every message sent. */
function recordingClient(options: { failSends?: boolean } = {}) {
  const record = { connections: [] as ServiceBusConnectionSpec[], entities: [] as string[], sent: [] as ServiceBusMessage[], closed: [] as string[] };
  const createClient = (connection: ServiceBusConnectionSpec): MessageSenderClient => {
    record.connections.push(connection);
    return {
      createSender: (name) => {
        record.entities.push(name);
        return {
          sendMessages: async (message) => {
            if (options.failSends === true) throw new Error('ServiceCommunicationProblem: connect ECONNREFUSED 127.0.0.1:5672');
            record.sent.push(message);
          },
          close: async () => {
            record.closed.push('sender');
          },
        };
      },
      close: async () => {
        record.closed.push('client');
      },
    };
  };
  return { record, createClient };
}

function captureIo() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) };
  return { out, io };
}

async function sampleDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'send-'));
  await writeFile(join(dir, 'create-account.bin'), Buffer.from([0x40, 0x0f, 0x52, 0x65, 0x6d, 0x6f, 0x74, 0x65, 0xff, 0x00]));
  await writeFile(join(dir, 'create-account.bin.props.json'), JSON.stringify({ contentType: 'application/msbin1', correlationId: '{A1B2C3D4-0000-4000-8000-00000000ABCD}', applicationProperties: CLAIMS }));
  return dir;
}

describe('send', () => {
  it('sends the exact bytes with exactly the properties Dataverse sets', async () => {
    // Prepare
    const dir = await sampleDir();
    const { record, createClient } = recordingClient();
    const { out, io } = captureIo();
    const command = createSendCommand({ createClient, env: {} });

    // Act
    const code = await command.run(['--connection', EMULATOR, '--queue', 'dataverse', '--settings', join(dir, 'none.json'), dir], io);

    // Assess
    expect(code).toBe(0);
    expect(record.connections).toEqual([{ kind: 'connectionString', connectionString: EMULATOR, source: '--connection' }]);
    expect(record.entities).toEqual(['dataverse']);
    expect(record.sent).toHaveLength(1);
    const message = record.sent[0]!;
    expect(Object.keys(message).sort()).toEqual(['applicationProperties', 'body', 'contentType', 'correlationId', 'messageId']);
    expect(Buffer.isBuffer(message.body)).toBe(true);
    expect([...(message.body as Buffer)]).toEqual([0x40, 0x0f, 0x52, 0x65, 0x6d, 0x6f, 0x74, 0x65, 0xff, 0x00]);
    expect(message.contentType).toBe('application/msbin1');
    expect(message.correlationId).toBe('{a1b2c3d4-0000-4000-8000-00000000abcd}');
    expect(message.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(message.applicationProperties).toEqual(CLAIMS);
    expect(record.closed).toEqual(['sender', 'client']);
    expect(out.stdout).toContain('queue "dataverse" at sb://localhost (--connection)');
    expect(out.stdout).not.toContain('SAS_KEY_VALUE');
  });

  it('takes the connection and topic from local.settings.json, and gives each repeat a new message id', async () => {
    // Prepare
    const dir = await sampleDir();
    const settingsFile = join(dir, 'local.settings.json');
    await writeFile(settingsFile, JSON.stringify({ IsEncrypted: false, Values: { DATAVERSE_SERVICEBUS: EMULATOR, DATAVERSE_TOPIC: 'dataverse-events', DATAVERSE_SUBSCRIPTION: 'listener' } }));
    const { record, createClient } = recordingClient();
    const { io } = captureIo();

    // Act
    const code = await createSendCommand({ createClient, env: {} }).run(['--settings', settingsFile, '--repeat', '3', join(dir, 'create-account.bin')], io);

    // Assess
    expect(code).toBe(0);
    expect(record.connections[0]).toEqual({ kind: 'connectionString', connectionString: EMULATOR, source: 'DATAVERSE_SERVICEBUS' });
    expect(record.entities).toEqual(['dataverse-events']);
    expect(new Set(record.sent.map((m) => m.messageId)).size).toBe(3);
    expect(new Set(record.sent.map((m) => m.correlationId))).toEqual(new Set(['{a1b2c3d4-0000-4000-8000-00000000abcd}']));
  });

  it('lets the environment override local.settings.json', async () => {
    // Prepare
    const dir = await sampleDir();
    const settingsFile = join(dir, 'local.settings.json');
    await writeFile(settingsFile, JSON.stringify({ Values: { DATAVERSE_SERVICEBUS: EMULATOR, DATAVERSE_QUEUE: 'from-file' } }));
    const { record, createClient } = recordingClient();

    // Act
    await createSendCommand({ createClient, env: { DATAVERSE_QUEUE: 'from-env' } }).run(['--settings', settingsFile, dir], captureIo().io);

    // Assess
    expect(record.entities).toEqual(['from-env']);
  });

  it('uses an identity connection for a namespace host name', async () => {
    // Prepare
    const dir = await sampleDir();
    const { record, createClient } = recordingClient();

    // Act
    await createSendCommand({ createClient, env: { DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'contoso.servicebus.windows.net', DATAVERSE_QUEUE: 'q' } }).run(['--settings', join(dir, 'none.json'), dir], captureIo().io);

    // Assess
    expect(record.connections).toEqual([{ kind: 'identity', fullyQualifiedNamespace: 'contoso.servicebus.windows.net', clientId: undefined, source: 'DATAVERSE_SERVICEBUS__fullyQualifiedNamespace' }]);
  });

  it('exits 2 and opens nothing when no connection is configured', async () => {
    // Prepare
    const dir = await sampleDir();
    const { record, createClient } = recordingClient();
    const { out, io } = captureIo();

    // Act
    const code = await createSendCommand({ createClient, env: {} }).run(['--queue', 'q', '--settings', join(dir, 'none.json'), dir], io);

    // Assess
    expect(code).toBe(2);
    expect(record.connections).toEqual([]);
    expect(out.stderr).toContain('DATAVERSE_SERVICEBUS');
  });

  it('exits 1, closes the client and stops early when sends fail', async () => {
    // Prepare
    const dir = await sampleDir();
    const { record, createClient } = recordingClient({ failSends: true });
    const { out, io } = captureIo();

    // Act
    const code = await createSendCommand({ createClient, env: {} }).run(['--connection', EMULATOR, '--queue', 'q', '--repeat', '5', '--settings', join(dir, 'none.json'), dir], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr.match(/ECONNREFUSED/g)).toHaveLength(3);
    expect(record.closed).toEqual(['sender', 'client']);
  });

  it('prints the messages without connecting on --dry-run', async () => {
    // Prepare
    const dir = await sampleDir();
    const { record, createClient } = recordingClient();
    const { out, io } = captureIo();

    // Act
    const code = await createSendCommand({ createClient, env: {} }).run(['--dry-run', '--settings', join(dir, 'none.json'), dir], io);

    // Assess
    expect(code).toBe(0);
    expect(record.connections).toEqual([]);
    expect(out.stdout).toContain('contentType=application/msbin1 correlationId={a1b2c3d4-0000-4000-8000-00000000abcd} bytes=10');
  });
});
