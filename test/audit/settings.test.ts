import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditRetryBudgetMs, loadSettings, SettingsError } from '../../shared/settings';

describe('loadSettings', () => {
  it('applies the defaults', () => {
    // Act
    const settings = loadSettings({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' });

    // Assess
    expect(settings).toMatchObject({ queue: undefined, topic: undefined, cardinality: 'one', maxDepth: 8, truncatedPolicy: 'process', unmatchedPolicy: 'skip', poisonMode: 'park', allowedOrganizations: [] });
    expect(settings).toMatchObject({ claimLeaseSeconds: 300, claimWaitMs: 60_000, maxDeliveryCount: 10 });
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
    // The cross-setting checks run even when single values are wrong (topic without subscription, no connection).
    expect(settings).toEqual(['AUDIT_STORAGE', 'AUDIT_TABLE_NAME', 'DATAVERSE_MAX_DEPTH', 'DATAVERSE_POISON_MODE', 'DATAVERSE_SERVICEBUS', 'DATAVERSE_SUBSCRIPTION']);
  });

  it('refuses a claim lease shorter than the claim wait plus the audit retry budget (I4)', () => {
    // Act
    let error: unknown;
    try {
      loadSettings({ AUDIT_STORAGE: 'UseDevelopmentStorage=true', DATAVERSE_CLAIM_LEASE_SECONDS: '120', AUDIT_RETRY_MAX: '5', AUDIT_RETRY_DELAY_MS: '2000' });
    } catch (e) {
      error = e;
    }

    // Assess: 60 s wait + 6 writes × (2+4+8+16+30+...) s of retries + 60 s for handlers is far over 120 s.
    expect((error as SettingsError).issues.map((i) => i.setting)).toEqual(['DATAVERSE_CLAIM_LEASE_SECONDS']);
    expect(auditRetryBudgetMs({ maxRetries: 3, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000 })).toBe(7_000);
  });

  it('keeps the defaults and the host.json timeouts inside the claim lease', () => {
    // Prepare
    const host = JSON.parse(readFileSync(join(__dirname, '..', '..', 'host.json'), 'utf8')) as { functionTimeout: string; extensions: { serviceBus: { maxAutoLockRenewalDuration: string; maxMessageBatchSize: number } } };
    const seconds = (t: string) => t.split(':').reduce((acc, p) => acc * 60 + Number(p), 0);

    // Act
    const settings = loadSettings({ AUDIT_STORAGE: 'UseDevelopmentStorage=true' });

    // Assess
    expect(seconds(host.functionTimeout)).toBeLessThanOrEqual(settings.claimLeaseSeconds);
    expect(seconds(host.extensions.serviceBus.maxAutoLockRenewalDuration)).toBeLessThanOrEqual(settings.claimLeaseSeconds);
    expect(host.extensions.serviceBus.maxMessageBatchSize).toBeLessThanOrEqual(32);
  });
});
