/**
 * The settings a CLI command sees: local.settings.json under the environment, where a connection given in the
 * environment (in either form) replaces the file's whole connection.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandSettings } from '../../cli/localSettings';

async function settingsFile(values: Record<string, string>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'settings-')), 'local.settings.json');
  await writeFile(file, JSON.stringify({ IsEncrypted: false, Values: values }));
  return file;
}

describe('commandSettings', () => {
  it('lets an identity-based connection in the environment replace the connection string in the file', async () => {
    // Prepare: the sample's local Azurite in the file, production by identity in the environment.
    const file = await settingsFile({ AUDIT_STORAGE: 'UseDevelopmentStorage=true', AUDIT_TABLE_NAME: 'DataverseAudit', DATAVERSE_SERVICEBUS: 'Endpoint=sb://local/' });
    const env = { AUDIT_STORAGE__tableServiceUri: 'https://prod.table.core.windows.net', DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'prod.servicebus.windows.net' };

    // Act
    const settings = await commandSettings({ file, env });

    // Assess
    expect(settings).toEqual({
      AUDIT_STORAGE__tableServiceUri: 'https://prod.table.core.windows.net',
      AUDIT_TABLE_NAME: 'DataverseAudit',
      DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'prod.servicebus.windows.net',
    });
  });

  it('lets a connection string in the environment replace an identity-based connection in the file', async () => {
    // Prepare
    const file = await settingsFile({ AUDIT_STORAGE__accountName: 'prod', AUDIT_STORAGE__clientId: 'abc' });

    // Act
    const settings = await commandSettings({ file, env: { AUDIT_STORAGE: 'UseDevelopmentStorage=true' } });

    // Assess
    expect(settings).toEqual({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' });
  });

  it('keeps the file\'s connection when the environment only refines it (a lone __clientId) or sets it blank', async () => {
    // Prepare
    const file = await settingsFile({ AUDIT_STORAGE__tableServiceUri: 'https://prod.table.core.windows.net', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });

    // Act
    const refined = await commandSettings({ file, env: { AUDIT_STORAGE__clientId: 'abc' } });
    const blank = await commandSettings({ file, env: { AUDIT_STORAGE: '  ' } });

    // Assess
    expect(refined).toEqual({ AUDIT_STORAGE__tableServiceUri: 'https://prod.table.core.windows.net', AUDIT_STORAGE__clientId: 'abc', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    expect(blank).toEqual({ AUDIT_STORAGE__tableServiceUri: 'https://prod.table.core.windows.net', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
  });

  it('keeps the file\'s settings the environment does not set, and ignores empty variables', async () => {
    // Prepare
    const file = await settingsFile({ AUDIT_STORAGE: 'UseDevelopmentStorage=true', DATAVERSE_QUEUE: 'dataverse-events' });

    // Act
    const settings = await commandSettings({ file, env: { DATAVERSE_QUEUE: 'other', AUDIT_STORAGE__tableServiceUri: '' } });

    // Assess
    expect(settings).toEqual({ AUDIT_STORAGE: 'UseDevelopmentStorage=true', DATAVERSE_QUEUE: 'other' });
  });
});
