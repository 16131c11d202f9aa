/**
 * `audit [filters]` lists audit rows as a table; `audit show KEY` prints one row in full, with its decoded body.
 */
import { writeFile } from 'node:fs/promises';
import { odata, type TableEntityResult } from '@azure/data-tables';
import type { CliCommand, CliIo } from '../command';
import { parseCommandArgs, usageError, USAGE_EXIT_CODE } from '../args';
import { auditSettingsFrom, unreachableLocalAudit } from '../auditAccess';
import { messageFromRow, parseRowAddress, rowAddress } from '../auditRowMessage';
import { commandSettings } from '../localSettings';
import { formatSidecar } from '../sidecar';
import { formatTable } from '../textTable';
import { parseWhen } from '../timeWindow';
import { createAuditStore, type AuditTableStore } from '../../shared/audit/tableStore';
import { isAuditError } from '../../shared/audit/errors';
import { DEFAULT_PURGE_OUTCOMES, PURGEABLE_OUTCOMES, purgeAuditRows, type PurgeableOutcome, type PurgeOptions } from '../../shared/audit/retention';
import { rawBodyFromRow } from '../../shared/audit/rawBody';
import { AUDIT_OUTCOMES, type AuditOutcome, type AuditRow } from '../../shared/audit/schema';
import { safeDecodeContext } from '../../shared/context/decodeContext';
import { SettingsError } from '../../shared/settings';

const USAGE = `Usage: npm run --silent cli -- audit [filters] [connection]
       npm run --silent cli -- audit show KEY [--body FILE] [connection]
       npm run --silent cli -- audit purge --before WHEN [--outcomes LIST] [--dry-run] [connection]

Lists the audit rows the listener wrote (one per Dataverse operation, newest activity first), or shows one row in
full: every column, the handler runs, and the kept body decoded (parked and dead-lettered rows keep their body).

Filters (combine freely):
  --entity NAME        primary entity, e.g. account
  --outcome OUTCOME    ${AUDIT_OUTCOMES.join(' | ')}
  --since WHEN         rows updated at or after WHEN: an ISO date/time, or 30m, 2h, 7d back from now (default 7d)
  --until WHEN         rows updated at or before WHEN
  --record ID          the record id (PrimaryEntityId)
  --operation ID       the Dataverse OperationId (all steps that posted it)
  --message NAME       the message name, e.g. Update
  --limit N            at most N rows (default 50)
  --json               one JSON row per line instead of the table

show:
  KEY                  the row's key as the KEY column prints it (PartitionKey/RowKey)
  --body FILE          also write the kept body to FILE and its Service Bus properties to FILE.props.json
                       (ready for "send" or "dev")

purge (retention; Table Storage has no time-to-live):
  --before WHEN        delete rows last written before WHEN: an ISO date/time, or a span back from now such as 90d
  --outcomes LIST      comma-separated outcomes whose rows go (default succeeded,skipped); add parked, deadlettered
                       and failed only once those messages are dealt with. processing rows are never purged.
  --dry-run            count what would go, delete nothing

Connection (default: AUDIT_STORAGE / AUDIT_TABLE_NAME from the environment or local.settings.json):
  --audit-connection CS   a storage connection string (UseDevelopmentStorage=true for Azurite on 10002)
  --table NAME            the audit table (default DataverseAudit)
  --settings FILE         local settings file (default ./local.settings.json)

Exit code: 0 on success, 1 when the table cannot be read or the row does not exist, 2 for bad usage.`;

/** Which subcommands each option belongs to (the connection options belong to all): anything else is refused. */
const OPTION_VERBS: Readonly<Record<string, readonly ('list' | 'show' | 'purge')[]>> = {
  entity: ['list'],
  outcome: ['list'],
  since: ['list'],
  until: ['list'],
  record: ['list'],
  operation: ['list'],
  message: ['list'],
  limit: ['list'],
  json: ['list'],
  body: ['show'],
  before: ['purge'],
  outcomes: ['purge'],
  'dry-run': ['purge'],
};

const OPTIONS = {
  entity: { type: 'string' },
  outcome: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  record: { type: 'string' },
  operation: { type: 'string' },
  message: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
  body: { type: 'string' },
  before: { type: 'string' },
  outcomes: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'audit-connection': { type: 'string' },
  table: { type: 'string' },
  settings: { type: 'string' },
} as const;

/** A filter of {@link listAuditRows}. */
export interface AuditRowFilter {
  entity?: string | undefined;
  outcome?: AuditOutcome | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  recordId?: string | undefined;
  operationId?: string | undefined;
  messageName?: string | undefined;
  limit: number;
}

const guidText = (id: string) => id.trim().replace(/^\{|\}$/g, '').toLowerCase();

/**
 * Operation and message rows matching a filter, newest `UpdatedAt` first (index rows are left out). The filter runs
 * on the service; rows are sorted here, so a wide time window on a large table reads many rows.
 *
 * @example
 * ```ts
 * const parked = await listAuditRows(store, { outcome: 'parked', since: new Date(Date.now() - 86_400_000), limit: 20 });
 * ```
 */
export async function listAuditRows(store: AuditTableStore, filter: AuditRowFilter): Promise<AuditRow[]> {
  await store.ensureTable();
  const clauses: string[] = [odata`(Kind eq ${'operation'} or Kind eq ${'message'})`];
  if (filter.entity !== undefined) clauses.push(odata`Entity eq ${filter.entity.toLowerCase()}`);
  if (filter.outcome !== undefined) clauses.push(odata`Outcome eq ${filter.outcome}`);
  if (filter.since !== undefined) clauses.push(odata`UpdatedAt ge ${filter.since.toISOString()}`);
  if (filter.until !== undefined) clauses.push(odata`UpdatedAt le ${filter.until.toISOString()}`);
  if (filter.recordId !== undefined) clauses.push(odata`RecordId eq ${guidText(filter.recordId)}`);
  if (filter.operationId !== undefined) clauses.push(odata`OperationId eq ${guidText(filter.operationId)}`);
  if (filter.messageName !== undefined) clauses.push(odata`MessageName eq ${filter.messageName}`);
  const rows: AuditRow[] = [];
  for await (const entity of store.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: clauses.join(' and ') } })) {
    rows.push(rowOf(entity));
  }
  rows.sort((a, b) => (b.UpdatedAt ?? '').localeCompare(a.UpdatedAt ?? ''));
  return rows.slice(0, filter.limit);
}

function rowOf(entity: TableEntityResult<Record<string, unknown>>): AuditRow {
  const { etag: _etag, timestamp: _ts, ['odata.metadata']: _m, partitionKey, rowKey, ...rest } = entity as Record<string, unknown>;
  return { PartitionKey: partitionKey, RowKey: rowKey, ...rest } as AuditRow;
}

function handlerSummary(row: AuditRow): string {
  if (row.Handlers === undefined) return '';
  try {
    const runs = JSON.parse(row.Handlers) as Record<string, { outcome?: string }>;
    return Object.entries(runs).map(([name, run]) => (run.outcome === 'succeeded' ? name : `${name}(${run.outcome ?? '?'})`)).join(', ');
  } catch {
    return row.Handlers;
  }
}

/**
 * The audit rows as a terminal table.
 *
 * @example
 * ```ts
 * io.stdout(formatAuditRows(await listAuditRows(store, { limit: 50 })));
 * ```
 */
export function formatAuditRows(rows: readonly AuditRow[]): string {
  return formatTable(
    [
      { header: 'updated', maxWidth: 24 },
      { header: 'outcome', maxWidth: 12 },
      { header: 'message', maxWidth: 28 },
      { header: 'entity', maxWidth: 20 },
      { header: 'record', maxWidth: 36 },
      { header: 'format', maxWidth: 6 },
      { header: 'handlers', maxWidth: 40 },
      { header: 'reason', maxWidth: 30 },
      { header: 'KEY', maxWidth: 120 },
    ],
    rows.map((r) => [
      r.UpdatedAt ?? '',
      r.Outcome,
      r.MessageName ?? '',
      r.Entity ?? '',
      r.RecordId ?? '',
      r.Format ?? '',
      handlerSummary(r),
      r.Reason ?? r.ErrorCode ?? '',
      rowAddress({ partitionKey: r.PartitionKey, rowKey: r.RowKey }),
    ]),
  );
}

function prettyJsonColumn(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2).replace(/\n/g, '\n    ');
  } catch {
    return value;
  }
}

/**
 * One row in full: every column (JSON columns pretty-printed), then the kept body decoded to the normalized model.
 *
 * @example
 * ```ts
 * io.stdout(formatAuditRowInFull(await store.getRow(key)));
 * ```
 */
export function formatAuditRowInFull(row: AuditRow): string {
  const lines: string[] = [];
  const columns = row as unknown as Record<string, unknown>;
  const width = Math.max(...Object.keys(columns).filter((k) => !/^RawBody\d+$/.test(k)).map((k) => k.length));
  for (const [name, value] of Object.entries(columns)) {
    if (/^RawBody\d+$/.test(name)) continue;
    const text = typeof value === 'string' && /^[[{]/.test(value) ? prettyJsonColumn(value) : value instanceof Uint8Array ? `<${value.length} bytes>` : String(value);
    lines.push(`${name.padEnd(width)}  ${text}`);
  }
  const body = rawBodyFromRow(row);
  if (body === undefined) {
    const omitted = row.RawBodyOmitted;
    lines.push('', omitted === undefined ? 'Body: not kept (only parked and dead-lettered rows keep their body).' : `Body: not kept: ${omitted}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push('', `Body: ${body.length} bytes, ${row.ContentType ?? 'content type unknown'}`);
  const decoded = safeDecodeContext(body, row.ContentType);
  if (decoded.success) {
    lines.push(`Decoded (${decoded.data.format}):`, JSON.stringify(decoded.data.context, null, 2));
  } else {
    const preview = /^[\x09\x0a\x0d\x20-\x7e]/.test(body.toString('latin1', 0, 1)) ? body.toString('utf8', 0, 400) : body.subarray(0, 64).toString('hex');
    lines.push(`Does not decode: ${decoded.error.code}: ${decoded.error.message}`, `First bytes: ${preview}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS, USAGE, io);
  if (parsed === undefined) return USAGE_EXIT_CODE;
  const { values, positionals } = parsed;
  const usage = (message: string): number => usageError(io, USAGE, message);
  const [verb, keyText, ...extra] = positionals;
  if (verb !== undefined && verb !== 'show' && verb !== 'list' && verb !== 'purge') return usage(`Unknown subcommand "${verb}"`);
  // An option of another subcommand is refused, never ignored: `purge --outcome parked` (the list's flag) or
  // `purge --entity account` must not purge the defaults, or every entity.
  const subcommand = verb ?? 'list';
  const given = Object.keys(OPTION_VERBS).filter((name) => {
    const value = (values as Record<string, unknown>)[name];
    return value !== undefined && value !== false;
  });
  const foreign = given.filter((name) => !OPTION_VERBS[name]!.includes(subcommand));
  if (foreign.length > 0) return usage(`${foreign.map((name) => `--${name}`).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not an option of "audit ${subcommand}"${subcommand === 'purge' && foreign.includes('outcome') ? ' (purge takes --outcomes)' : ''}`);
  let purge: PurgeOptions | undefined;
  if (verb === 'purge') {
    if (keyText !== undefined) return usage(`Unexpected argument ${keyText}`);
    const before = values.before === undefined ? undefined : parseWhen(values.before);
    if (before === undefined) return usage('purge needs --before: an ISO date/time or a span such as 90d');
    const outcomes = (values.outcomes ?? DEFAULT_PURGE_OUTCOMES.join(',')).split(',').map((o) => o.trim()).filter((o) => o !== '');
    const unknown = outcomes.filter((o) => !(PURGEABLE_OUTCOMES as readonly string[]).includes(o));
    if (unknown.length > 0 || outcomes.length === 0) return usage(`--outcomes takes some of ${PURGEABLE_OUTCOMES.join(', ')}${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}`);
    purge = { before, outcomes: outcomes as PurgeableOutcome[], dryRun: values['dry-run'] };
  }
  if (extra.length > 0) return usage(`Unexpected arguments: ${extra.join(' ')}`);
  // The list's filters are checked before the table is opened, so that a typo is reported as such.
  let listFilter: AuditRowFilter | undefined;
  if (verb === undefined || verb === 'list') {
    if (keyText !== undefined) return usage(`Unexpected argument ${keyText}`);
    const filter: AuditRowFilter = { limit: 50 };
    if (values.outcome !== undefined) {
      if (!(AUDIT_OUTCOMES as readonly string[]).includes(values.outcome)) return usage(`--outcome must be one of ${AUDIT_OUTCOMES.join(', ')}`);
      filter.outcome = values.outcome as AuditOutcome;
    }
    for (const [flag, field] of [['since', 'since'], ['until', 'until']] as const) {
      const text = values[flag];
      if (text === undefined) continue;
      const when = parseWhen(text);
      if (when === undefined) return usage(`--${flag} must be an ISO date/time or a span such as 30m, 2h, 7d`);
      filter[field] = when;
    }
    filter.since ??= parseWhen('7d');
    if (values.limit !== undefined) {
      const limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) return usage('--limit must be a positive whole number');
      filter.limit = limit;
    }
    filter.entity = values.entity;
    filter.recordId = values.record;
    filter.operationId = values.operation;
    filter.messageName = values.message;
    listFilter = filter;
  }

  let store: AuditTableStore;
  try {
    const audit = auditSettingsFrom(await commandSettings(values.settings === undefined ? {} : { file: values.settings }), { connection: values['audit-connection'], table: values.table });
    const problem = await unreachableLocalAudit(audit);
    if (problem !== undefined) {
      io.stderr(problem);
      return 1;
    }
    store = createAuditStore(audit);
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  try {
    if (purge !== undefined) {
      const result = await purgeAuditRows(store, purge);
      const verbText = result.dryRun ? 'Would delete' : 'Deleted';
      io.stdout(
        `${verbText} ${result.operationRows} operation row(s), ${result.messageRows} message row(s) and ${result.indexRows} index row(s) ` +
          `last written before ${purge.before.toISOString()} with outcome ${purge.outcomes!.join(' or ')}, from table ${store.client.tableName}\n`,
      );
      if (result.changedMeanwhile > 0) io.stdout(`Kept ${result.changedMeanwhile} row(s) that changed while the purge ran\n`);
      return 0;
    }
    if (verb === 'show') {
      const key = keyText === undefined ? undefined : parseRowAddress(keyText);
      if (key === undefined) return usage(keyText === undefined ? 'show needs a KEY (PartitionKey/RowKey, as the list prints it)' : `A KEY is PartitionKey/RowKey, as the list prints it (got "${keyText}")`);
      const row = await store.getRow(key);
      if (row === undefined) {
        io.stderr(`No audit row ${keyText} in table ${store.client.tableName}\n`);
        return 1;
      }
      io.stdout(formatAuditRowInFull(row));
      if (values.body !== undefined) {
        const message = messageFromRow(row);
        if (message === undefined) {
          io.stderr('This row kept no body; nothing written\n');
          return 1;
        }
        await writeFile(values.body, message.body);
        const { messageId: _fresh, ...properties } = message.properties;
        await writeFile(`${values.body}.props.json`, formatSidecar({ ...properties, messageId: undefined, deliveryCount: undefined, enqueuedTimeUtc: undefined }));
        io.stdout(`\nWrote ${values.body} and ${values.body}.props.json\n`);
      }
      return 0;
    }
    const filter = listFilter!; // built above for the list (no verb, or list)
    const rows = await listAuditRows(store, filter);
    if (values.json) {
      for (const row of rows) io.stdout(`${JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !/^RawBody\d+$/.test(k))))}\n`);
    } else {
      io.stdout(formatAuditRows(rows));
      io.stdout(`${rows.length} row(s) in ${store.client.tableName}${rows.length === filter.limit ? ` (limit ${filter.limit}; use --limit)` : ''}\n`);
    }
    return 0;
  } catch (error) {
    // Table Storage errors (the store's AuditError, or the SDK's RestError from a listing) end the command.
    io.stderr(`${isAuditError(error) ? error.message : `Reading the audit table failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    return 1;
  }
}

/** The `audit` command. */
export const auditCommand: CliCommand = { name: 'audit', summary: 'List audit rows with filters, show one row in full (decoded body included), or purge old rows', usage: USAGE, run };
