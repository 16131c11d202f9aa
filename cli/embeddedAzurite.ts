/**
 * Runs an Azurite table server for tests and the dev runner: on a free loopback port, in memory, as a child process
 * (default) or inside this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The well-known Azurite development account (public; the same for every Azurite). */
export const AZURITE_ACCOUNT = {
  name: 'devstoreaccount1',
  key: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
} as const;

/** Options of {@link startAzuriteTable}. */
export interface AzuriteOptions {
  /** Listening address (default `127.0.0.1`). */
  host?: string;
  /** Port (default: a free one, found by binding port 0). */
  port?: number;
  /** `child` (a separate `azurite-table` process, default) or `inProcess`. */
  mode?: 'child' | 'inProcess';
  /** Keep data in memory only (default `true`); otherwise `location` is the data folder. */
  inMemory?: boolean;
  location?: string;
  /** Milliseconds to wait for the server to listen (default 20,000). */
  startTimeoutMs?: number;
}

/** A running Azurite table server. */
export interface RunningAzurite {
  host: string;
  port: number;
  /** The table endpoint, e.g. `http://127.0.0.1:53211/devstoreaccount1`. */
  tableEndpoint: string;
  /** A connection string for `@azure/data-tables` (http, so the client needs `allowInsecureConnection`). */
  connectionString: string;
  /** Stops the server (idempotent). */
  stop(): Promise<void>;
}

/**
 * A TCP port that was free a moment ago on `host` (bind port 0, read the port, close).
 *
 * @example
 * ```ts
 * const port = await freePort(); // e.g. 53211
 * ```
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function azuriteDir(): string {
  return dirname(require.resolve('azurite/package.json'));
}

/** Builds the connection string of an Azurite table endpoint. @example `azuriteConnectionString('127.0.0.1', 10002)` */
export function azuriteConnectionString(host: string, port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};TableEndpoint=http://${host}:${port}/${AZURITE_ACCOUNT.name};`;
}

/**
 * Starts an Azurite table server and resolves once it listens.
 *
 * @example
 * ```ts
 * const azurite = await startAzuriteTable();
 * const client = TableClient.fromConnectionString(azurite.connectionString, 'Audit', { allowInsecureConnection: true });
 * // ...
 * await azurite.stop();
 * ```
 */
export async function startAzuriteTable(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const inMemory = options.inMemory ?? true;
  const timeout = options.startTimeoutMs ?? 20_000;
  const base = { host, port, tableEndpoint: `http://${host}:${port}/${AZURITE_ACCOUNT.name}`, connectionString: azuriteConnectionString(host, port) };

  if (options.mode === 'inProcess') {
    // Azurite's own classes; its package main pulls in VS Code, so the table modules are loaded directly.
    const dir = azuriteDir();
    const TableServer = require(join(dir, 'dist/src/table/TableServer')).default as new (c: unknown) => { start(): Promise<void>; close(): Promise<void> };
    const TableConfiguration = require(join(dir, 'dist/src/table/TableConfiguration')).default as new (...a: unknown[]) => unknown;
    const dbPath = join(options.location ?? process.cwd(), '__azurite_db_table__.json');
    const config = new TableConfiguration(host, port, undefined, dbPath, false, false, undefined, undefined, false, false, '', '', '', undefined, false, inMemory);
    const server = new TableServer(config);
    await server.start();
    let stopped = false;
    return { ...base, stop: async () => { if (!stopped) { stopped = true; await server.close(); } } };
  }

  const args = [join(azuriteDir(), 'dist/src/table/main.js'), '--tableHost', host, '--tablePort', String(port), '--silent', '--disableTelemetry', '--skipApiVersionCheck'];
  if (inMemory) args.push('--inMemoryPersistence');
  if (options.location !== undefined) args.push('--location', options.location);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.location ?? process.cwd() });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Azurite did not start on ${host}:${port} within ${timeout} ms:\n${output}`));
    }, timeout);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/successfully started/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening:\n${output}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  child.removeAllListeners('exit');
  let stopping: Promise<void> | undefined;
  return {
    ...base,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
