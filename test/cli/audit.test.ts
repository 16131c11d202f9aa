import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/command';
import { auditCommand } from '../../cli/commands/audit';
import { parseSidecar } from '../../cli/sidecar';
import { operationKey } from '../../shared/audit/keys';
import { rawBodyColumns } from '../../shared/audit/rawBody';
import type { AuditRow } from '../../shared/audit/schema';
import { createAuditStore } from '../../shared/audit/tableStore';
import { startAzurite, testSettings, uniqueTableName, type RunningAzurite } from '../helpers/azurite';

let azurite: RunningAzurite;
let table: string;
let parkedKey: string;
let succeededKey: string;
let noSettings: string;

const SAMPLE = join(__dirname, '..', '..', 'samples', 'update-contact-with-images.json');
const APP_PROPS = { 'http://schemas.microsoft.com/xrm/2011/Claims/EntityLogicalName': 'contact', 'http://schemas.microsoft.com/xrm/2011/Claims/RequestName': 'Update', MessageMaxSizeExceeded: false };

function row(operationId: string, extra: Partial<AuditRow>): AuditRow {
  const key = operationKey({ operationId, stepId: null, correlationId: '', requestId: null, stage: 40 });
  return { PartitionKey: key.partitionKey, RowKey: key.rowKey, Kind: 'operation', Outcome: 'succeeded', OperationId: operationId, MessageName: 'Update', Entity: 'contact', ...extra };
}

beforeAll(async () => {
  azurite = await startAzurite();
  table = uniqueTableName();
  noSettings = join(await mkdtemp(join(tmpdir(), 'audit-')), 'local.settings.json');
  const store = createAuditStore(testSettings(azurite.connectionString, { AUDIT_TABLE_NAME: table }));
  const body = await readFile(SAMPLE);
  const now = new Date().toISOString();
  const parked = row('0e0d0001-3d4c-ef11-8ee6-000d3a3b0001', {
    Outcome: 'parked',
    Reason: 'HANDLER_FAILED',
    RecordId: '6420f002-c3d1-ee11-9ae6-000d3a680002',
    ContentType: 'application/json',
    Format: 'json',
    SbCorrelationId: '{c0aa0002-1f2e-4d3c-8b4a-59687a6b7c8d}',
    Handlers: JSON.stringify({ contactSync: { outcome: 'failed', failure: 'permanent', durationMs: 3, attempts: 1, errorMessage: 'no email', at: now } }),
    UpdatedAt: now,
    ...({ ApplicationProperties: JSON.stringify(APP_PROPS) } as Partial<AuditRow>),
    ...rawBodyColumns(body),
  });
  const succeeded = row('0e0d0002-3d4c-ef11-8ee6-000d3a3b0002', { MessageName: 'Create', Entity: 'account', RecordId: '6420f001-c3d1-ee11-9ae6-000d3a680001', UpdatedAt: now, Format: 'binary' });
  const old = row('0e0d0003-3d4c-ef11-8ee6-000d3a3b0003', { Entity: 'account', UpdatedAt: '2020-01-01T00:00:00.000Z' });
  for (const r of [parked, succeeded, old]) await store.upsert(r);
  parkedKey = `${parked.PartitionKey}/${parked.RowKey}`;
  succeededKey = `${succeeded.PartitionKey}/${succeeded.RowKey}`;
});
afterAll(async () => {
  await azurite.stop();
});

function captureIo() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) };
  return { out, io };
}

const connection = () => ['--audit-connection', azurite.connectionString, '--table', table, '--settings', noSettings];

describe('audit', () => {
  it('lists the recent rows as a table, newest first, leaving old ones out by default', async () => {
    // Prepare
    const { out, io } = captureIo();

    // Act
    const code = await auditCommand.run(connection(), io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/^updated\s+outcome\s+message\s+entity/);
    expect(out.stdout).toContain(parkedKey);
    expect(out.stdout).toContain(succeededKey);
    expect(out.stdout).toContain('contactSync(failed)');
    expect(out.stdout).not.toContain('0e0d0003');
    expect(out.stdout).toContain('2 row(s)');
  });

  it.each([
    [['--entity', 'account'], ['0e0d0002'], ['0e0d0001']],
    [['--outcome', 'parked'], ['0e0d0001'], ['0e0d0002']],
    [['--record', '{6420F001-C3D1-EE11-9AE6-000D3A680001}'], ['0e0d0002'], ['0e0d0001']],
    [['--operation', '0e0d0001-3d4c-ef11-8ee6-000d3a3b0001'], ['0e0d0001'], ['0e0d0002']],
    [['--since', '2019-12-31', '--until', '2020-01-02'], ['0e0d0003'], ['0e0d0001', '0e0d0002']],
    [['--message', 'Create'], ['0e0d0002'], ['0e0d0001']],
  ])('filters with %j', async (filter, present, absent) => {
    // Prepare
    const { out, io } = captureIo();

    // Act
    const code = await auditCommand.run([...filter, '--json', ...connection()], io);

    // Assess
    expect(code).toBe(0);
    const ids = out.stdout.trim().split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as AuditRow).OperationId);
    for (const id of present) expect(ids.some((i) => i?.startsWith(id))).toBe(true);
    for (const id of absent) expect(ids.some((i) => i?.startsWith(id))).toBe(false);
  });

  it('shows one row in full with its body decoded, and writes the body and sidecar for send', async () => {
    // Prepare
    const { out, io } = captureIo();
    const bodyFile = join(await mkdtemp(join(tmpdir(), 'audit-')), 'parked.json');

    // Act
    const code = await auditCommand.run(['show', parkedKey, '--body', bodyFile, ...connection()], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/Outcome\s+parked/);
    expect(out.stdout).toContain('"errorMessage": "no email"');
    expect(out.stdout).toContain('Decoded (json):');
    expect(out.stdout).toContain('"messageName": "Update"');
    expect(out.stdout).not.toMatch(/^RawBody0/m);
    expect(await readFile(bodyFile)).toEqual(await readFile(SAMPLE));
    const sidecar = parseSidecar(await readFile(`${bodyFile}.props.json`, 'utf8'), 'x');
    expect(sidecar).toMatchObject({ contentType: 'application/json', correlationId: '{c0aa0002-1f2e-4d3c-8b4a-59687a6b7c8d}', applicationProperties: APP_PROPS });
  });

  it('says a row without a body kept none', async () => {
    // Prepare
    const { out, io } = captureIo();

    // Act
    const code = await auditCommand.run(['show', succeededKey, ...connection()], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain('Body: not kept');
  });

  it('exits 1 for a missing row and 2 for a bad filter', async () => {
    // Prepare
    const missing = captureIo();
    const bad = captureIo();

    // Act
    const missingCode = await auditCommand.run(['show', 'op|nope/nostep', ...connection()], missing.io);
    const badCode = await auditCommand.run(['--outcome', 'exploded', ...connection()], bad.io);

    // Assess
    expect(missingCode).toBe(1);
    expect(missing.out.stderr).toContain('No audit row op|nope/nostep');
    expect(badCode).toBe(2);
    expect(bad.out.stderr).toContain('--outcome must be one of');
  });

  it('reports a bad filter or key before it opens the table, with the synopsis, not the whole help', async () => {
    // Prepare: an endpoint where nothing listens; the arguments are wrong before that matters.
    const deadEndpoint = ['--audit-connection', 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=eA==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;', '--settings', noSettings];
    const since = captureIo();
    const key = captureIo();

    // Act
    const sinceCode = await auditCommand.run(['--since', 'yesterday', ...deadEndpoint], since.io);
    const keyCode = await auditCommand.run(['show', 'op-nope', ...connection()], key.io);

    // Assess
    expect(sinceCode).toBe(2);
    expect(since.out.stderr).toContain('--since must be an ISO date/time or a span such as 30m, 2h, 7d');
    expect(since.out.stderr).not.toContain('Nothing listens');
    expect(since.out.stderr).toContain('audit purge --before WHEN');
    expect(since.out.stderr).not.toContain('Lists the audit rows');
    expect(keyCode).toBe(2);
    expect(key.out.stderr).toContain('A KEY is PartitionKey/RowKey, as the list prints it (got "op-nope")');
  });

  it('refuses an option of another subcommand instead of ignoring it (purge --outcome, purge --entity, list --before)', async () => {
    // Prepare: rows a purge with the default outcomes would delete.
    const outcome = captureIo();
    const entity = captureIo();
    const before = captureIo();
    const rowsBefore = captureIo();
    const after = captureIo();
    await auditCommand.run(['--since', '2019-01-01', '--json', ...connection()], rowsBefore.io);

    // Act
    const outcomeCode = await auditCommand.run(['purge', '--before', '0m', '--outcome', 'parked', ...connection()], outcome.io);
    const entityCode = await auditCommand.run(['purge', '--before', '0m', '--entity', 'account', ...connection()], entity.io);
    const beforeCode = await auditCommand.run(['--before', '1d', ...connection()], before.io);
    await auditCommand.run(['--since', '2019-01-01', '--json', ...connection()], after.io);

    // Assess
    expect(outcomeCode).toBe(2);
    expect(outcome.out.stderr).toContain('--outcome is not an option of "audit purge" (purge takes --outcomes)');
    expect(entityCode).toBe(2);
    expect(entity.out.stderr).toContain('--entity is not an option of "audit purge"');
    expect(beforeCode).toBe(2);
    expect(before.out.stderr).toContain('--before is not an option of "audit list"');
    expect(rowsBefore.out.stdout).not.toBe('');
    expect(after.out.stdout).toBe(rowsBefore.out.stdout);
    expect(outcome.out.stdout).toBe('');
  });

  it('reports at once that nothing listens at a local endpoint', async () => {
    // Prepare
    const { out, io } = captureIo();

    // Act
    const code = await auditCommand.run(['--audit-connection', 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=eA==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;', '--settings', noSettings], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stderr).toContain('Nothing listens at 127.0.0.1:9');
  });

  it('purges old rows: a dry run counts them, the purge deletes them, bad purge usage exits 2', async () => {
    // Prepare
    const dry = captureIo();
    const real = captureIo();
    const after = captureIo();
    const noBefore = captureIo();
    const badOutcome = captureIo();

    // Act
    const dryCode = await auditCommand.run(['purge', '--before', '2021-01-01', '--dry-run', ...connection()], dry.io);
    const realCode = await auditCommand.run(['purge', '--before', '2021-01-01', ...connection()], real.io);
    const afterCode = await auditCommand.run(['--since', '2019-01-01', '--json', ...connection()], after.io);
    const noBeforeCode = await auditCommand.run(['purge', ...connection()], noBefore.io);
    const badOutcomeCode = await auditCommand.run(['purge', '--before', '90d', '--outcomes', 'succeeded,processing', ...connection()], badOutcome.io);

    // Assess
    expect(dryCode).toBe(0);
    expect(dry.out.stdout).toContain('Would delete 1 operation row(s), 0 message row(s) and 0 index row(s) last written before 2021-01-01T00:00:00.000Z with outcome succeeded or skipped, from table');
    expect(realCode).toBe(0);
    expect(real.out.stdout).toContain('Deleted 1 operation row(s)');
    expect(afterCode).toBe(0);
    expect(after.out.stdout).not.toContain('0e0d0003');
    expect(after.out.stdout).toContain('0e0d0001');
    expect(noBeforeCode).toBe(2);
    expect(noBefore.out.stderr).toContain('purge needs --before');
    expect(badOutcomeCode).toBe(2);
    expect(badOutcome.out.stderr).toContain('(not processing)');
  });
});
