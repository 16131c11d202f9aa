import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING, loadSettings } from '../../shared/settings';

const sample = JSON.parse(readFileSync(join(__dirname, '..', '..', 'local.settings.sample.json'), 'utf8')) as { Values: Record<string, string> };

describe('local.settings.sample.json', () => {
  it('lists every setting the app reads', () => {
    // Prepare
    const identityOnly = new Set<string>([`${SETTING.serviceBusConnection}__fullyQualifiedNamespace`]);
    const names = Object.values(SETTING).filter((name) => !name.includes('__') && !identityOnly.has(name));

    // Act
    const missing = names.filter((name) => !(name in sample.Values));

    // Assess
    expect(missing).toEqual([]);
  });

  it('is valid as it ships: the app starts with it (Azurite + the Service Bus emulator)', () => {
    // Act
    const settings = loadSettings(sample.Values);

    // Assess
    expect(settings).toMatchObject({ queue: 'dataverse-events', serviceBusConnectionForm: 'connectionString', poisonMode: 'park' });
    expect(sample.Values[SETTING.serviceBusConnection]).toContain('UseDevelopmentEmulator=true');
    expect(sample.Values[SETTING.auditConnection]).toBe('UseDevelopmentStorage=true');
  });
});
