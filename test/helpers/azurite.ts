/**
 * Test helper: one real Azurite table server per test file, on a free loopback port, in memory.
 */
import { startAzuriteTable, type RunningAzurite } from '../../cli/embeddedAzurite';
import { loadSettings, type Settings } from '../../shared/settings';

export type { RunningAzurite };

/** Starts Azurite (child process, `--inMemoryPersistence`, `--tableHost 127.0.0.1`, a free port). */
export function startAzurite(): Promise<RunningAzurite> {
  return startAzuriteTable({ mode: 'child', host: '127.0.0.1', inMemory: true });
}

let tableCounter = 0;

/** A table name unique within the test file, so tests never see each other's rows. */
export function uniqueTableName(prefix = 'Audit'): string {
  tableCounter += 1;
  return `${prefix}${process.pid}x${tableCounter}`;
}

/**
 * Settings for tests: the audit store points at `connectionString`, retries are off so a failing store fails fast,
 * and `extra` overrides any setting.
 */
export function testSettings(connectionString: string, extra: Record<string, string> = {}): Settings {
  return loadSettings({
    DATAVERSE_QUEUE: 'dataverse',
    DATAVERSE_SERVICEBUS: 'Endpoint=sb://example.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=x',
    AUDIT_STORAGE: connectionString,
    AUDIT_TABLE_NAME: uniqueTableName(),
    AUDIT_RETRY_MAX: '0',
    AUDIT_RETRY_DELAY_MS: '10',
    AUDIT_RETRY_MAX_DELAY_MS: '20',
    ...extra,
  });
}
