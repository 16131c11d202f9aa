import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../shared/settings';

describe('loadSettings', () => {
  it('applies the defaults', () => {
    // Act
    const settings = loadSettings({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' });

    // Assess
    expect(settings).toMatchObject({ queue: undefined, topic: undefined, cardinality: 'one', maxDepth: 8, truncatedPolicy: 'process', unmatchedPolicy: 'skip', poisonMode: 'park', allowedOrganizations: [] });
    expect(settings.audit).toMatchObject({ tableName: 'DataverseAudit', connection: { kind: 'connectionString', source: 'AUDIT_STORAGE' } });
  });

  it('accepts identity-based connections for Service Bus and the audit table', () => {
    // Act
    const settings = loadSettings({
      DATAVERSE_QUEUE: 'q',
      DATAVERSE_SERVICEBUS__fullyQualifiedNamespace: 'contoso.servicebus.windows.net',
      AUDIT_STORAGE__tableServiceUri: 'https://contoso.table.core.windows.net/',
      AUDIT_STORAGE__clientId: 'abc',
      DATAVERSE_ALLOWED_ORGANIZATIONS: '{0B6B9C1E-6F4D-EE11-BE6F-000D3A5C1F20}, Contoso.crm.dynamics.com',
    });

    // Assess
    expect(settings.serviceBusConnectionForm).toBe('identity');
    expect(settings.audit.connection).toEqual({ kind: 'identity', tableServiceUri: 'https://contoso.table.core.windows.net', clientId: 'abc', source: 'AUDIT_STORAGE__tableServiceUri' });
    expect(settings.allowedOrganizations).toEqual(['0b6b9c1e-6f4d-ee11-be6f-000d3a5c1f20', 'contoso.crm.dynamics.com']);
  });

  it('names every wrong setting', () => {
    // Act
    let error: unknown;
    try {
      loadSettings({ DATAVERSE_TOPIC: 't', DATAVERSE_MAX_DEPTH: 'deep', DATAVERSE_POISON_MODE: 'drop', AUDIT_TABLE_NAME: '1bad' });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(SettingsError);
    const settings = (error as SettingsError).issues.map((i) => i.setting).sort();
    expect(settings).toEqual(['AUDIT_STORAGE', 'AUDIT_TABLE_NAME', 'DATAVERSE_MAX_DEPTH', 'DATAVERSE_POISON_MODE']);
  });
});
