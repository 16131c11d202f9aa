/**
 * `dev [FILE|DIR]...`: the local main job. Runs message files through the function handler the Functions host
 * calls, against an embedded Azurite table service, and prints what happened and the audit rows written.
 */
import { isAbsolute, relative } from 'node:path';
import { processIo, type CliCommand, type CliIo } from '../command';
import { parseCommandArgs, USAGE_EXIT_CODE } from '../args';
import { auditSettingsFrom, isListening, localTableEndpoint } from '../auditAccess';
import { needsAttention, runDevMessages, type DevMessageResult, type FunctionHandler } from '../devRunner';
import { startAzuriteTable, type RunningAzurite } from '../embeddedAzurite';
import { commandSettings } from '../localSettings';
import { bundledSamplesDir } from '../paths';
import { listMessageFiles } from '../sidecar';
import { formatTable } from '../textTable';
import { formatAuditRows, listAuditRows } from './audit';
import { createAuditStore } from '../../shared/audit/tableStore';
import { isRoutingError } from '../../shared/routing/errors';
import { SETTING, SettingsError } from '../../shared/settings';

const USAGE = `Usage: npm run dev -- [options] [FILE|DIR]...

Runs Dataverse messages through the function handler the Functions host calls (the body bytes plus the Service Bus
trigger metadata built from each body's <file>.props.json sidecar), prints a result table and the audit rows it
wrote. With no FILE, runs the bundled samples (samples/). Needs no Azure account: the audit table lives in an
Azurite table service started on a free loopback port, in memory, and stopped at the end.

  --trigger queue|topic     which function handler to call: dataverseQueue (default) or dataverseTopic
  --audit-connection CS     write the audit rows here instead (e.g. UseDevelopmentStorage=true for an Azurite you run)
  --embedded                always use the embedded Azurite, even when AUDIT_STORAGE points at a running one
  --table NAME              audit table name (default: AUDIT_TABLE_NAME, else DataverseAudit)
  --fresh                   use a new audit table for this run (DevRun<time>), so earlier runs' rows do not
                            turn this run's messages into duplicates
  --settings FILE           local settings file (default ./local.settings.json); its policies apply
                            (DATAVERSE_TRUNCATED_POLICY, DATAVERSE_POISON_MODE, ...)
  --keep                    keep the embedded Azurite running after the run (for "audit"/"replay"); Ctrl+C stops it
  --verbose                 also print the pipeline's own log lines (the handlers' lines, warnings and errors
                            are always printed)

Without --audit-connection or --embedded, AUDIT_STORAGE (environment, then local.settings.json) is used when it
points at a reachable Azurite or at Azure; an unreachable local one falls back to the embedded Azurite.
Exit code: 0 when every message completed (succeeded, skipped or duplicate), 1 when any was parked, failed or
dead-lettered, 2 for bad usage.`;

const AUDIT_KEYS = (key: string) => key === SETTING.auditConnection || key.startsWith(`${SETTING.auditConnection}__`);
const TRIGGER_KEYS = [SETTING.queue, SETTING.topic, SETTING.subscription];

/** Loads the function module as the host would (after the settings are in place) and hides its start-up chatter. */
async function loadFunctionHandler(trigger: 'queue' | 'topic'): Promise<{ handler: FunctionHandler; functionName: string; startupLog: string[] }> {
  const startupLog: string[] = [];
  const original = { warn: console.warn, log: console.log };
  console.warn = (...args: unknown[]) => startupLog.push(args.map(String).join(' '));
  console.log = console.warn;
  try {
    if (trigger === 'queue') {
      const module = await import('../../functions/dataverseQueue.js');
      return { handler: module.dataverseQueueHandler, functionName: 'dataverseQueue', startupLog };
    }
    const module = await import('../../functions/dataverseTopic.js');
    return { handler: module.dataverseTopicHandler, functionName: 'dataverseTopic', startupLog };
  } finally {
    console.warn = original.warn;
    console.log = original.log;
  }
}

/** Where the audit rows go for this run. */
async function chooseAuditConnection(
  settings: Readonly<Record<string, string | undefined>>,
  flags: { connection: string | undefined; embedded: boolean },
): Promise<{ connectionString: string | undefined; note: string }> {
  if (flags.connection !== undefined) return { connectionString: flags.connection, note: 'audit connection from --audit-connection' };
  if (flags.embedded) return { connectionString: undefined, note: '--embedded' };
  const configured = settings[SETTING.auditConnection];
  const identity = Object.keys(settings).some((k) => k.startsWith(`${SETTING.auditConnection}__`) && settings[k]);
  if (configured === undefined && !identity) return { connectionString: undefined, note: `${SETTING.auditConnection} is not set` };
  if (configured === undefined) return { connectionString: '', note: `${SETTING.auditConnection}__* (identity) from the settings` };
  const local = localTableEndpoint(configured);
  if (local === undefined) return { connectionString: configured, note: `${SETTING.auditConnection} from the settings` };
  if (await isListening(local.host, local.port)) return { connectionString: configured, note: `${SETTING.auditConnection} (Azurite at ${local.host}:${local.port})` };
  return { connectionString: undefined, note: `nothing listens at ${local.host}:${local.port} (${SETTING.auditConnection})` };
}

/** A path as the user would type it: relative to the working directory when it is inside it. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return isAbsolute(file) && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function formatResults(results: readonly DevMessageResult[]): string {
  return formatTable(
    [
      { header: 'file', maxWidth: 48 },
      { header: 'format', maxWidth: 6 },
      { header: 'message', maxWidth: 28 },
      { header: 'entity', maxWidth: 18 },
      { header: 'handlers run', maxWidth: 60 },
      { header: 'outcome', maxWidth: 12 },
      { header: 'reason', maxWidth: 22 },
      { header: 'ms', alignRight: true },
    ],
    results.map((r) => [
      displayPath(r.file),
      r.format,
      r.messageName,
      r.entity,
      r.handlers.length === 0 ? '-' : r.handlers.map((h) => (h.outcome === 'succeeded' ? h.name : `${h.name} (failed)`)).join(', '),
      r.outcome,
      r.reason,
      r.durationMs.toFixed(0),
    ]),
  );
}

function summary(results: readonly DevMessageResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return `${results.length} message(s): ${[...counts].map(([k, v]) => `${v} ${k}`).join(', ')}`;
}

function details(results: readonly DevMessageResult[], verbose: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    // Without --verbose: what the handlers wrote (their lines start with `[handler.name]`), and warnings and errors.
    const prefixes = r.handlers.map((h) => `[${h.name}]`);
    const notable = verbose ? r.logs : r.logs.filter((l) => l.level === 'warning' || l.level === 'error' || l.level === 'critical' || prefixes.some((p) => l.text.startsWith(p)));
    // Why a handler's `when` did not fire (the pipeline keeps it in the row's ErrorMessage).
    const filtered = r.reason === 'FILTERED' && r.row?.ErrorMessage !== undefined && r.row.ErrorMessage !== '' ? r.row.ErrorMessage : undefined;
    if (r.error === undefined && notable.length === 0 && filtered === undefined) continue;
    lines.push(`${displayPath(r.file)}:`);
    if (filtered !== undefined) lines.push(`  filtered: ${filtered}`);
    if (r.error !== undefined) lines.push(`  ${r.settlement === 'complete' ? 'error' : `threw (${r.settlement})`}: ${r.error}`);
    for (const l of notable) lines.push(`  ${l.level}: ${l.text}`);
  }
  return lines.length === 0 ? '' : `\n${lines.join('\n')}\n`;
}

/** A one-line progress display on a terminal (rewritten in place). */
function progressDisplay(io: CliIo, total: number): { update: (index: number, file: string) => void; clear: () => void } {
  const live = io === processIo && process.stderr.isTTY === true && total > 1;
  let shown = false;
  return {
    update: (index, file) => {
      if (!live) return;
      shown = true;
      const width = Math.max(20, (process.stderr.columns ?? 80) - 20);
      const name = file.length > width ? `…${file.slice(-width + 1)}` : file;
      process.stderr.write(`\r\x1b[K[${index + 1}/${total}] ${name}`);
    },
    clear: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(args, {
    trigger: { type: 'string', default: 'queue' },
    'audit-connection': { type: 'string' },
    embedded: { type: 'boolean', default: false },
    table: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    settings: { type: 'string' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  }, USAGE, io);
  if (parsed === undefined) return USAGE_EXIT_CODE;
  const { values, positionals } = parsed;
  if (values.trigger !== 'queue' && values.trigger !== 'topic') {
    io.stderr('--trigger must be queue or topic\n');
    return 2;
  }
  const files = await listMessageFiles(positionals.length > 0 ? positionals : [bundledSamplesDir()]);
  if (files.length === 0) {
    io.stderr(`No message files (.bin, .json, .xml) in ${positionals.length > 0 ? positionals.join(' ') : bundledSamplesDir()}\n`);
    return 2;
  }

  const settings = await commandSettings(values.settings === undefined ? {} : { file: values.settings });
  const choice = await chooseAuditConnection(settings, { connection: values['audit-connection'], embedded: values.embedded });
  let azurite: RunningAzurite | undefined;
  const savedEnv = { ...process.env };
  let stopRequested = false;
  const onSigint = () => {
    stopRequested = true;
    io.stderr('\nStopping after the current message (Ctrl+C again to force)…\n');
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', onSigint);
  try {
    let connectionString = choice.connectionString;
    if (connectionString === undefined) {
      azurite = await startAzuriteTable({ mode: 'child', host: '127.0.0.1', inMemory: true });
      connectionString = azurite.connectionString;
      io.stdout(`Azurite table service on ${azurite.tableEndpoint} (embedded, in memory; ${choice.note})\n`);
    } else {
      io.stdout(`Audit table via ${choice.note}\n`);
    }

    // The host reads app settings from the environment: local.settings.json values, then the dev runner's overrides.
    const env: Record<string, string | undefined> = { ...settings };
    for (const key of TRIGGER_KEYS) delete env[key]; // the dev runner is the trigger; no Service Bus needed
    if (connectionString !== '') {
      for (const key of Object.keys(env)) if (AUDIT_KEYS(key)) delete env[key];
      env[SETTING.auditConnection] = connectionString;
    }
    if (values.fresh) env[SETTING.auditTable] = `DevRun${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
    else if (values.table !== undefined) env[SETTING.auditTable] = values.table;
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);

    const store = createAuditStore(auditSettingsFrom(env));
    await store.ensureTable();
    let loaded: Awaited<ReturnType<typeof loadFunctionHandler>>;
    try {
      loaded = await loadFunctionHandler(values.trigger);
    } catch (error) {
      // The function app would not start either (e.g. two handlers with one name): say why, run nothing.
      if (!isRoutingError(error)) throw error;
      io.stderr(`The function app does not load: ${error.message} (${error.code})\n`);
      return 2;
    }
    const { handler, functionName, startupLog } = loaded;
    // The dev runner is the trigger, so the function's Service Bus registration is skipped on purpose: not news.
    const notable = startupLog.filter((line) => !line.startsWith(`Function ${functionName} is not registered`));
    if (values.verbose) for (const line of notable) io.stderr(`${line}\n`);

    io.stdout(`Running ${files.length} message(s) through ${functionName} (table ${store.client.tableName})\n\n`);
    const runStarted = new Date();
    const progress = progressDisplay(io, files.length);
    const results = await runDevMessages(files, handler, store, {
      functionName,
      onProgress: (index, total, file) => progress.update(index, file),
      shouldStop: () => stopRequested,
    });
    progress.clear();

    io.stdout(formatResults(results));
    io.stdout(`\n${summary(results)}${results.length < files.length ? ` (stopped; ${files.length - results.length} not run)` : ''}\n`);
    io.stdout(details(results, values.verbose));
    const rows = await listAuditRows(store, { since: new Date(runStarted.getTime() - 1000), limit: 10_000 });
    io.stdout(`\nAudit rows written or updated by this run (table ${store.client.tableName}):\n\n`);
    io.stdout(rows.length === 0 ? '(none)\n' : formatAuditRows(rows));
    if (azurite === undefined) io.stdout(`\nShow one in full: npm run --silent cli -- audit show KEY --table ${store.client.tableName}\n`);
    else if (!values.keep) io.stdout('\nThe embedded Azurite stops now; run with --keep to query these rows with "audit" and "replay" first.\n');

    if (values.keep && azurite !== undefined && !stopRequested) {
      io.stdout(`\nAzurite keeps running at ${azurite.tableEndpoint} until Ctrl+C. In another terminal:\n` +
        `  export AUDIT_STORAGE="${azurite.connectionString}" AUDIT_TABLE_NAME=${store.client.tableName}\n` +
        '  npm run --silent cli -- audit\n');
      process.removeListener('SIGINT', onSigint);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return results.length < files.length ? 130 : results.some(needsAttention) ? 1 : 0;
  } catch (error) {
    if (error instanceof SettingsError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await azurite?.stop();
  }
}

/** The `dev` command. */
export const devCommand: CliCommand = { name: 'dev', summary: 'Run message files through the function handler with an embedded Azurite; print results and audit rows', usage: USAGE, run };
