/**
 * `replay KEY...`: re-runs parked (or dead-lettered) operations through the pipeline from the body kept in their
 * audit rows, or re-sends them to Service Bus (`--to-servicebus`) for the deployed function to pick up.
 */
import type { CliCommand, CliIo } from '../command';
import { parseCommandArgs, usageError, USAGE_EXIT_CODE } from '../args';
import { auditSettingsFrom, unreachableLocalAudit } from '../auditAccess';
import { messageFromRow, parseRowAddress, rowAddress } from '../auditRowMessage';
import { commandSettings, exposeSettingsToHandlers } from '../localSettings';
import { describeConnection, resolveServiceBusTarget } from '../serviceBusTarget';
import { toServiceBusMessage } from '../sidecar';
import { parseWhen } from '../timeWindow';
import { listAuditRows } from './audit';
import { serviceBusClientFor, type MessageSenderClient } from './send';
import type { AuditKey } from '../../shared/audit/keys';
import { createAuditStore } from '../../shared/audit/tableStore';
import { createListener } from '../../shared/pipeline/listener';
import { replayParked } from '../../shared/pipeline/replay';
import type { HandlerLogger } from '../../shared/routing/event';
import { loadSettings, SETTING, SettingsError } from '../../shared/settings';
import type { ServiceBusConnectionSpec } from '../serviceBusTarget';

const USAGE = `Usage: npm run --silent cli -- replay [options] KEY...
       npm run --silent cli -- replay [options] --all-parked [--since WHEN]

Re-runs parked operations (kept with their body in the audit table) through the pipeline and the current handlers:
handlers that already succeeded for the operation are not run again. Fix the cause first (a handler bug, a setting
such as DATAVERSE_TRUNCATED_POLICY), then replay. KEY is the row key the "audit" command prints.

  --all-parked           replay every row parked since --since (default 7d)
  --since WHEN           with --all-parked: an ISO date/time or 30m, 2h, 7d back from now
  --to-servicebus        re-send the kept body to Service Bus instead (with the properties it arrived with and a
                         new messageId); the row is set to "failed" so that delivery takes it over
  --queue NAME | --topic NAME | --connection VALUE
                         where --to-servicebus sends (default: the settings, as for "send")
  --audit-connection CS  the audit table's storage (default: AUDIT_STORAGE)
  --table NAME           the audit table (default: AUDIT_TABLE_NAME, else DataverseAudit)
  --settings FILE        local settings file (default ./local.settings.json); its policies apply to the replay

Exit code: 0 when every replay completed (succeeded, skipped, or duplicate: already settled) or was sent, 1
otherwise, 2 for bad usage.`;

/** What `replay` needs from the outside world. */
export interface ReplayDependencies {
  /** Opens a Service Bus client for `--to-servicebus` (default: `@azure/service-bus`). */
  createClient(connection: ServiceBusConnectionSpec): MessageSenderClient;
  env?: Readonly<Record<string, string | undefined>>;
}

function ioLogger(io: CliIo): HandlerLogger {
  const line = (level: string) => (message: string, ...args: unknown[]) => io.stdout(`  ${level}: ${[message, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))].join(' ')}\n`);
  return { debug: () => undefined, info: line('info'), warn: line('warning'), error: line('error') };
}

/**
 * Builds the `replay` command around a Service Bus client factory (tests stand in for `@azure/service-bus`).
 *
 * @example
 * ```ts
 * const code = await createReplayCommand({ createClient: serviceBusClientFor }).run(['op|6420…/nostep'], processIo);
 * ```
 */
export function createReplayCommand(deps: ReplayDependencies): CliCommand {
  async function run(args: readonly string[], io: CliIo): Promise<number> {
    const parsed = parseCommandArgs(args, {
      'all-parked': { type: 'boolean', default: false },
      since: { type: 'string' },
      'to-servicebus': { type: 'boolean', default: false },
      queue: { type: 'string' },
      topic: { type: 'string' },
      connection: { type: 'string' },
      'audit-connection': { type: 'string' },
      table: { type: 'string' },
      settings: { type: 'string' },
    }, USAGE, io);
    if (parsed === undefined) return USAGE_EXIT_CODE;
    const { values, positionals } = parsed;
    const usage = (message: string): number => usageError(io, USAGE, message);
    const keys: AuditKey[] = [];
    for (const text of positionals) {
      const key = parseRowAddress(text);
      if (key === undefined) return usage(`"${text}" is not a row key (PartitionKey/RowKey, as "audit" prints it)`);
      keys.push(key);
    }
    if (keys.length === 0 && !values['all-parked']) return usage('Give at least one KEY, or --all-parked');
    const since = values.since === undefined ? parseWhen('7d') : parseWhen(values.since);
    if (since === undefined) return usage('--since must be an ISO date/time or a span such as 30m, 2h, 7d');

    const settings = await commandSettings({ ...(values.settings === undefined ? {} : { file: values.settings }), ...(deps.env === undefined ? {} : { env: deps.env }) });
    // The handlers see local.settings.json Values as environment variables, as under `func start`.
    const restore = exposeSettingsToHandlers(settings);
    try {
      const env: Record<string, string | undefined> = { ...settings };
      // The replay is the trigger here: the Service Bus trigger settings are not needed (and not validated).
      for (const key of [SETTING.queue, SETTING.topic, SETTING.subscription]) delete env[key];
      if (values['audit-connection'] !== undefined) {
        for (const key of Object.keys(env)) if (key === SETTING.auditConnection || key.startsWith(`${SETTING.auditConnection}__`)) delete env[key];
        env[SETTING.auditConnection] = values['audit-connection'];
      }
      if (values.table !== undefined) env[SETTING.auditTable] = values.table;

      let listener;
      try {
        const audit = auditSettingsFrom(env);
        const problem = await unreachableLocalAudit(audit);
        if (problem !== undefined) {
          io.stderr(problem);
          return 1;
        }
        // Loaded when the command runs, not when the CLI starts (see routes.ts).
        const { handlerGroups } = await import('../../handlers/index.js');
        listener = createListener(loadSettings(env), handlerGroups);
      } catch (error) {
        if (error instanceof SettingsError) {
          io.stderr(`${error.message}\n`);
          return 2;
        }
        throw error;
      }
      const store = createAuditStore(listener.settings);
      if (values['all-parked']) {
        for (const row of await listAuditRows(store, { outcome: 'parked', since, limit: 10_000 })) keys.push({ partitionKey: row.PartitionKey, rowKey: row.RowKey });
        if (keys.length === 0) {
          io.stdout(`No rows parked since ${since.toISOString()} in ${store.client.tableName}\n`);
          return 0;
        }
      }

      let failed = 0;
      if (values['to-servicebus']) {
        const target = resolveServiceBusTarget({ connection: values.connection, queue: values.queue, topic: values.topic }, settings);
        if (typeof target === 'string') return usage(target);
        const client = deps.createClient(target.connection);
        try {
          const sender = client.createSender(target.entity);
          try {
            for (const key of keys) {
              const row = await store.getRow(key);
              const message = row === undefined ? undefined : messageFromRow(row);
              if (row === undefined || message === undefined) {
                failed++;
                io.stderr(`${rowAddress(key)}: ${row === undefined ? 'no such row' : `kept no body${row.RawBodyOmitted ? ` (${row.RawBodyOmitted})` : ''}`}\n`);
                continue;
              }
              // A parked row is final: without this, the re-sent delivery would be counted as a duplicate and run nothing.
              await store.upsert({ PartitionKey: key.partitionKey, RowKey: key.rowKey, Outcome: 'failed', Reason: 'REQUEUED', UpdatedAt: new Date().toISOString() });
              await sender.sendMessages(toServiceBusMessage(message.body, message.properties));
              io.stdout(`sent  ${rowAddress(key)} to ${target.entityKind} "${target.entity}" at ${describeConnection(target.connection)} as messageId=${message.properties.messageId}\n`);
            }
          } finally {
            await sender.close();
          }
        } finally {
          await client.close();
        }
        return failed === 0 ? 0 : 1;
      }

      for (const key of keys) {
        io.stdout(`${rowAddress(key)}\n`);
        try {
          const result = await replayParked(key, listener, ioLogger(io));
          const handlers = Object.entries(result.handlers).map(([name, runInfo]) => `${name}: ${runInfo.outcome}`).join(', ');
          io.stdout(`  → ${result.outcome} (${result.reason ?? ''}; Service Bus would ${result.settlement})${handlers === '' ? '' : `; handlers: ${handlers}`}\n`);
          // A duplicate (the operation already settled: nothing left to replay) completes, as in the dev runner.
          if (result.outcome !== 'succeeded' && result.outcome !== 'skipped' && result.outcome !== 'duplicate') failed++;
        } catch (error) {
          failed++;
          io.stderr(`  ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      return failed === 0 ? 0 : 1;
    } finally {
      restore();
    }
  }
  return { name: 'replay', summary: 'Re-run parked operations through the pipeline (or re-send them to Service Bus)', usage: USAGE, run };
}

/** The `replay` command, with the real `@azure/service-bus` client. */
export const replayCommand: CliCommand = createReplayCommand({ createClient: serviceBusClientFor });
