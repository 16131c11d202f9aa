import { copyFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../cli/command';
import { devCommand } from '../../cli/commands/dev';
import { isListening } from '../../cli/auditAccess';

const SAMPLES = join(__dirname, '..', '..', 'samples');

function captureIo() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) };
  return { out, io };
}

async function settingsFile(values: Record<string, string>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'dev-')), 'local.settings.json');
  await writeFile(file, JSON.stringify({ IsEncrypted: false, Values: values }));
  return file;
}

// The function module builds its dependencies once from process.env, as in the host; each run is a fresh "host".
beforeEach(() => {
  vi.resetModules();
});

describe('dev', () => {
  it('starts its own Azurite, runs every bundled sample in all three formats, prints results and audit rows, and stops Azurite', async () => {
    // Prepare
    const { out, io } = captureIo();
    const bodies = (await readdir(SAMPLES)).filter((n) => /\.(bin|json|xml)$/.test(n) && !n.endsWith('.props.json'));
    const noSettings = join(await mkdtemp(join(tmpdir(), 'dev-')), 'local.settings.json');

    // Act
    const code = await devCommand.run(['--settings', noSettings], io);

    // Assess
    expect(code).toBe(0);
    const endpoint = /Azurite table service on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out.stdout);
    expect(endpoint).not.toBeNull();
    expect(await isListening('127.0.0.1', Number(endpoint![1]))).toBe(false);
    const resultLines = out.stdout.split('\n').filter((l) => l.startsWith('samples/') && !l.endsWith(':'));
    expect(resultLines).toHaveLength(bodies.length);
    for (const format of ['binary', 'json', 'xml']) expect(resultLines.filter((l) => l.includes(` ${format} `))).toHaveLength(bodies.length / 3);
    expect(resultLines.find((l) => l.startsWith('samples/create-account.xml'))).toMatch(/xml\s+Create\s+account\s+account\.logCreated\s+succeeded/);
    expect(resultLines.find((l) => l.startsWith('samples/delete-account.bin'))).toMatch(/binary\s+Delete\s+account\s+any\.logDeleted\s+succeeded/);
    expect(resultLines.find((l) => l.startsWith('samples/custom-action.json'))).toMatch(/contoso_CalculateDiscount\s+none\s+-\s+skipped\s+UNMATCHED/);
    expect(out.stdout).toContain(`${bodies.length} message(s):`);
    expect(out.stdout).toContain('arrived truncated (MessageMaxSizeExceeded)');
    // What the handlers logged is shown without --verbose, the pipeline's own information lines are not.
    expect(out.stdout).toContain('information: [contact.contactDetailsChanged] Contact 6420f002-c3d1-ee11-9ae6-000d3a680002 jobtitle: "Buyer" → "Head of Purchasing"');
    expect(out.stdout).toContain('telephone1: null (not in PreImage) → null');
    expect(out.stdout).not.toMatch(/information: (?!\[)/);
    const auditSection = out.stdout.slice(out.stdout.indexOf('Audit rows written'));
    expect(auditSection.match(/op\|[0-9a-f-]+\/[0-9a-f-]+/g)).toHaveLength(bodies.length);
  });

  it('exits 1 when a message is parked, and shows why', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'dev-'));
    await copyFile(join(SAMPLES, 'create-account.json'), join(dir, 'create-account.json'));
    await copyFile(join(SAMPLES, 'create-account.json.props.json'), join(dir, 'create-account.json.props.json'));
    await writeFile(join(dir, 'broken.json'), '{"MessageName": "Create", "Depth": ');
    const { out, io } = captureIo();

    // Act
    const code = await devCommand.run(['--settings', await settingsFile({}), dir], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/broken\.json\s+json\s+-\s+parked\s+INVALID_JSON/);
    expect(out.stdout).toMatch(/create-account\.json\s+json\s+Create\s+account\s+account\.logCreated\s+succeeded/);
    expect(out.stdout).toMatch(/msg\|[0-9a-f]{32}\/message/);
  });

  it('reports a message sent again as a duplicate, runs no handler for it, and exits 0', async () => {
    // Prepare: the same capture twice; each send gets a new MessageId, as Dataverse's retries do.
    const { out, io } = captureIo();
    const sample = join(SAMPLES, 'create-account.bin');

    // Act
    const code = await devCommand.run(['--settings', await settingsFile({}), sample, sample], io);

    // Assess
    expect(code).toBe(0);
    const lines = out.stdout.split('\n').filter((l) => l.includes('create-account.bin') && /\bbinary\b/.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Create\s+account\s+account\.logCreated\s+succeeded/);
    expect(lines[1]).toMatch(/Create\s+account\s+-\s+duplicate\s+DUPLICATE/);
    expect(out.stdout).toMatch(/2 message\(s\): 1 succeeded, 1 duplicate/);
  });

  it('tells apart two captures that carry the same MessageId in their sidecars', async () => {
    // Prepare: a Create and a Delete copied with one captured sidecar's messageId.
    const dir = await mkdtemp(join(tmpdir(), 'dev-'));
    for (const [name, sample] of [['a-create.json', 'create-account.json'], ['b-delete.json', 'delete-account.json']]) {
      await copyFile(join(SAMPLES, sample!), join(dir, name!));
      await writeFile(join(dir, `${name!}.props.json`), JSON.stringify({ contentType: 'application/json', messageId: 'captured-0001' }));
    }
    const { out, io } = captureIo();

    // Act
    const code = await devCommand.run(['--settings', await settingsFile({}), '--fresh', dir], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/a-create\.json\s+json\s+Create\s+account\s+account\.logCreated\s+succeeded/);
    expect(out.stdout).toMatch(/b-delete\.json\s+json\s+Delete\s+account\s+any\.logDeleted\s+succeeded/);
  });

  it('refuses to run when two handlers share a name, as the function app refuses to load', async () => {
    // Prepare: a user's handlers/ with the same name in two files.
    const noop = () => undefined;
    vi.doMock('../../handlers', () => ({
      handlerGroups: [
        { entity: 'account', file: 'handlers/account.ts', handlers: [{ name: 'sync', message: 'Create', handle: noop }] },
        { entity: 'contact', file: 'handlers/contact.ts', handlers: [{ name: 'sync', message: 'Create', handle: noop }] },
      ],
    }));
    const { out, io } = captureIo();

    // Act
    const code = await devCommand.run(['--settings', await settingsFile({}), join(SAMPLES, 'create-account.json')], io).finally(() => vi.doUnmock('../../handlers'));

    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain('The function app does not load: Two handlers are named "sync" (the second in handlers/contact.ts)');
    expect(out.stderr).toContain('DUPLICATE_HANDLER');
    expect(out.stdout).not.toContain('Running 1 message(s)');
  });

  it('says why a handler did not fire (its filtering attributes are not in Target)', async () => {
    // Prepare: the contact Update sample with only modifiedon left in Target.
    const dir = await mkdtemp(join(tmpdir(), 'dev-'));
    const body = JSON.parse(await readFile(join(SAMPLES, 'update-contact-with-images.json'), 'utf8')) as { InputParameters: { key: string; value: { Attributes: { key: string }[] } }[] };
    const target = body.InputParameters.find((p) => p.key === 'Target')!.value;
    target.Attributes = target.Attributes.filter((a) => a.key === 'modifiedon');
    await writeFile(join(dir, 'update-contact-modifiedon.json'), JSON.stringify(body));
    const { out, io } = captureIo();

    // Act
    const code = await devCommand.run(['--settings', await settingsFile({}), dir], io);

    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/update-contact-modifiedon\.json\s+json\s+Update\s+contact\s+-\s+skipped\s+FILTERED/);
    expect(out.stdout).toMatch(/filtered: contact\.contactDetailsChanged: none of jobtitle, telephone1, emailaddress1 changed/);
  });

  it('applies the policies in local.settings.json (truncated messages parked)', async () => {
    // Prepare
    const { out, io } = captureIo();
    const settings = await settingsFile({ DATAVERSE_TRUNCATED_POLICY: 'poison' });

    // Act
    const code = await devCommand.run(['--settings', settings, join(SAMPLES, 'update-account-truncated.bin')], io);

    // Assess
    expect(code).toBe(1);
    expect(out.stdout).toMatch(/update-account-truncated\.bin\s+binary\s+Update\s+account\s+-\s+parked\s+TRUNCATED/);
  });

  it('exits 2 when no message file is found', async () => {
    // Prepare
    const { out, io } = captureIo();
    const empty = await mkdtemp(join(tmpdir(), 'dev-'));

    // Act
    const code = await devCommand.run([empty], io);

    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain('No message files');
  });
});
