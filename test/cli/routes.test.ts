/**
 * `routes` loads the handlers as the host would: with local.settings.json Values in the environment (a handler may
 * read its settings when its module loads), and leaves the environment as it found it.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defineHandlers } from '../../shared/routing/registry';

const INTEGRATION_USER = '3c9e6032-0000-4000-8000-00000000a11c';

beforeEach(() => {
  vi.resetModules();
});

describe('routes', () => {
  it('loads the handlers with local.settings.json Values in the environment, and takes them away after', async () => {
    // Prepare: a handler whose loop-prevention filter reads its setting when the module loads.
    const file = join(await mkdtemp(join(tmpdir(), 'routes-')), 'local.settings.json');
    await writeFile(file, JSON.stringify({ IsEncrypted: false, Values: { CONTOSO_INTEGRATION_USER_ID: INTEGRATION_USER } }));
    vi.doMock('../../handlers/index.js', () => ({
      handlerGroups: [
        defineHandlers('account', [{ name: 'account.syncBack', message: 'Update', when: { notInitiatedBy: [process.env['CONTOSO_INTEGRATION_USER_ID'] ?? ''] }, handle: () => undefined }], { file: 'handlers/account.ts' }),
      ],
    }));
    const { routesCommand } = await import('../../cli/commands/routes.js');
    let stdout = '';

    // Act
    const code = await routesCommand.run(['--settings', file], { stdout: (t) => (stdout += t), stderr: () => undefined }).finally(() => vi.doUnmock('../../handlers/index.js'));

    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`account\\.syncBack`));
    expect(stdout).toContain(INTEGRATION_USER);
    expect(process.env['CONTOSO_INTEGRATION_USER_ID']).toBeUndefined();
  });
});
