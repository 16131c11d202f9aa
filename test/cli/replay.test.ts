import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceBusMessage } from '@azure/service-bus';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../cli/command';
import { auditCommand } from '../../cli/commands/audit';
import { devCommand } from '../../cli/commands/dev';
import { createReplayCommand } from '../../cli/commands/replay';
import type { MessageSenderClient } from '../../cli/commands/send';
import type { AuditRow } from '../../shared/audit/schema';
import { startAzurite, uniqueTableName, type RunningAzurite } from '../helpers/azurite';

const SAMPLES = join(__dirname, '..', '..', 'samples');
const EMULATOR = 'Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});
beforeEach(() => {
  vi.resetModules();
});

function captureIo() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) };
  return { out, io };
}

async function settingsFile(values: Record<string, string>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'replay-')), 'local.settings.json');
  await writeFile(file, JSON.stringify({ IsEncrypted: false, Values: values }));
  return file;
}

function recordingClient() {
  const sent: ServiceBusMessage[] = [];
  const entities: string[] = [];
  const createClient = (): MessageSenderClient => ({
    createSender: (name) => {
      entities.push(name);
      return { sendMessages: async (m) => void sent.push(m), close: async () => undefined };
    },
    close: async () => undefined,
  });
  return { sent, entities, createClient };
}

/** Parks the truncated sample with the real dev runner (truncated policy "poison") and returns the parked row keys. */
async function parkTruncated(table: string, file = 'update-account-truncated.json'): Promise<string[]> {
  const park = captureIo();
  const code = await devCommand.run(['--audit-connection', azurite.connectionString, '--table', table, '--settings', await settingsFile({ DATAVERSE_TRUNCATED_POLICY: 'poison' }), join(SAMPLES, file)], park.io);
  expect(code).toBe(1);
  const list = captureIo();
  await auditCommand.run(['--outcome', 'parked', '--json', '--audit-connection', azurite.connectionString, '--table', table, '--settings', await settingsFile({})], list.io);
  return list.out.stdout.trim().split('\n').map((l) => JSON.parse(l) as AuditRow).map((r) => `${r.PartitionKey}/${r.RowKey}`);
}

describe('replay', () => {
  it('re-runs a parked operation through the pipeline once the cause is fixed', async () => {
    // Prepare
    const table = uniqueTableName();
    const [key] = await parkTruncated(table);
    const { out, io } = captureIo();
    const fixed = await settingsFile({ DATAVERSE_TRUNCATED_POLICY: 'process' });

    // Act
    const code = await createReplayCommand(recordingClient()).run([key!, '--audit-connection', azurite.connectionString, '--table', table, '--settings', fixed], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain('→ succeeded (HANDLED; Service Bus would complete); handlers: account.onTruncatedUpdate: succeeded');
    const after = captureIo();
    await auditCommand.run(['--json', '--audit-connection', azurite.connectionString, '--table', table, '--settings', fixed], after.io);
    const row = JSON.parse(after.out.stdout.trim()) as AuditRow;
    expect(row.Outcome).toBe('succeeded');
    expect(row.Attempts).toBe(2);
  });

  it('completes (exit 0) when the row was already replayed: nothing is left to run', async () => {
    // Prepare: a parked row replayed once with the cause fixed.
    const table = uniqueTableName();
    const [key] = await parkTruncated(table);
    const fixed = await settingsFile({ DATAVERSE_TRUNCATED_POLICY: 'process' });
    const args = [key!, '--audit-connection', azurite.connectionString, '--table', table, '--settings', fixed];
    await createReplayCommand(recordingClient()).run(args, captureIo().io);
    const { out, io } = captureIo();

    // Act
    const code = await createReplayCommand(recordingClient()).run(args, io);

    // Assess
    expect(out.stdout).toContain('→ duplicate (DUPLICATE; Service Bus would complete)');
    expect(code).toBe(0);
  });

  it('replays every parked row with --all-parked, and fails again while the cause remains', async () => {
    // Prepare
    const table = uniqueTableName();
    const keys = await parkTruncated(table);
    const { out, io } = captureIo();
    const stillPoison = await settingsFile({ DATAVERSE_TRUNCATED_POLICY: 'poison' });

    // Act
    const code = await createReplayCommand(recordingClient()).run(['--all-parked', '--audit-connection', azurite.connectionString, '--table', table, '--settings', stillPoison], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stdout).toContain(keys[0]);
    expect(out.stdout).toContain('→ parked (TRUNCATED');
  });

  it('re-sends the kept body to Service Bus with its original properties and reopens the row', async () => {
    // Prepare
    const table = uniqueTableName();
    const [key] = await parkTruncated(table, 'update-account-truncated.bin');
    const client = recordingClient();
    const { out, io } = captureIo();

    // Act
    const code = await createReplayCommand(client).run([key!, '--to-servicebus', '--connection', EMULATOR, '--queue', 'dataverse', '--audit-connection', azurite.connectionString, '--table', table, '--settings', await settingsFile({})], io);

    // Assess
    expect(code).toBe(0);
    expect(client.entities).toEqual(['dataverse']);
    const message = client.sent[0]!;
    expect(Buffer.compare(message.body as Buffer, await readFile(join(SAMPLES, 'update-account-truncated.bin')))).toBe(0);
    expect(message.contentType).toBe('application/msbin1');
    expect(message.correlationId).toBe('{c0aa0021-1f2e-4d3c-8b4a-59687a6b7c8d}');
    expect(message.messageId).toMatch(/^[0-9a-f]{32}$/);
    expect(message.applicationProperties).toMatchObject({ MessageMaxSizeExceeded: true, 'http://schemas.microsoft.com/xrm/2011/Claims/RequestName': 'Update' });
    expect(out.stdout).toContain('to queue "dataverse" at sb://localhost');
    const after = captureIo();
    await auditCommand.run(['--json', '--audit-connection', azurite.connectionString, '--table', table, '--settings', await settingsFile({})], after.io);
    expect((JSON.parse(after.out.stdout.trim()) as AuditRow).Outcome).toBe('failed');
  });

  it('exits 2 without a key', async () => {
    // Prepare
    const { out, io } = captureIo();

    // Act
    const code = await createReplayCommand(recordingClient()).run([], io);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain('Give at least one KEY');
  });
});
