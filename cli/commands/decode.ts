/**
 * `decode [--content-type TYPE] [--ndjson] FILE...`: prints the normalized model of captured message bodies.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CliCommand, CliIo } from '../command';
import { decodeContextAs } from '../../shared/context/decodeContext';
import { formatFromContentType, sniffFormat } from '../../shared/context/detectFormat';
import { DecodeError, isDecodeError } from '../../shared/context/errors';
import type { WireFormat } from '../../shared/context/model';

const USAGE = `Usage: npm run --silent cli -- decode [--content-type TYPE] [--ndjson] FILE|DIR...

Decodes Dataverse RemoteExecutionContext bodies (.NET Binary XML, JSON or XML) and prints the normalized model.

  --content-type TYPE  application/msbin1 | application/json | application/xml
                       (default: detected from the bytes; the file extension .bin/.json/.xml is a hint)
  --ndjson             one compact JSON line per file, in argument order; a file that fails prints
                       {"file": "...", "error": {"code": "...", "message": "..."}} on its line.
                       Implied when more than one file is given.

A directory stands for the .bin, .json and .xml files in it (sorted; sidecars and *.expected.json are skipped).
Exit code: 0 when every file decoded, 2 when any failed.`;

const EXTENSION_HINT: Readonly<Record<string, WireFormat>> = { '.bin': 'binary', '.msbin1': 'binary', '.json': 'json', '.xml': 'xml' };

interface DecodeArgs {
  contentType: string | undefined;
  ndjson: boolean;
  paths: string[];
}

function parseArgs(args: readonly string[]): DecodeArgs | string {
  const parsed: DecodeArgs = { contentType: undefined, ndjson: false, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--ndjson') parsed.ndjson = true;
    else if (arg === '--content-type') {
      const value = args[++i];
      if (value === undefined) return '--content-type needs a value';
      parsed.contentType = value;
    } else if (arg.startsWith('--content-type=')) parsed.contentType = arg.slice('--content-type='.length);
    else if (arg.startsWith('--')) return `Unknown option ${arg}`;
    else parsed.paths.push(arg);
  }
  return parsed.paths.length === 0 ? 'Give at least one FILE' : parsed;
}

/** Files to decode: each argument, or the message bodies inside a directory argument. */
async function expandPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path)).filter((n) => n in EXTENSION_HINT || extname(n) in EXTENSION_HINT).filter((n) => !n.endsWith('.expected.json') && !n.endsWith('.props.json'));
      files.push(...names.sort().map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}

function formatFor(bytes: Uint8Array, file: string, contentType: string | undefined): WireFormat {
  const declared = formatFromContentType(contentType);
  if (declared !== undefined) return declared;
  const format = sniffFormat(bytes) ?? EXTENSION_HINT[extname(file).toLowerCase()];
  if (format === undefined) throw new DecodeError('UNSUPPORTED_FORMAT', 'Cannot tell the format from the bytes or the file extension; give --content-type');
  return format;
}

async function decodeFile(file: string, contentType: string | undefined): Promise<unknown> {
  const bytes = await readFile(file);
  return decodeContextAs(bytes, formatFor(bytes, file, contentType)).context;
}

function describe(error: unknown): { code: string; message: string } {
  if (isDecodeError(error)) return { code: error.code, message: error.message };
  const nodeCode = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof nodeCode === 'string') return { code: 'READ_FAILED', message: error instanceof Error ? error.message : String(error) };
  throw error;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.stderr(`${parsed}\n\n${USAGE}\n`);
    return 2;
  }
  try {
    formatFromContentType(parsed.contentType);
  } catch (error) {
    io.stderr(`${describe(error).message}\n`);
    return 2;
  }
  const files = await expandPaths(parsed.paths);
  const ndjson = parsed.ndjson || files.length !== 1;
  let failed = 0;
  for (const file of files) {
    try {
      const context = await decodeFile(file, parsed.contentType);
      io.stdout(ndjson ? `${JSON.stringify(context)}\n` : `${JSON.stringify(context, null, 2)}\n`);
    } catch (error) {
      failed++;
      const reason = describe(error);
      if (ndjson) io.stdout(`${JSON.stringify({ file, error: reason })}\n`);
      else io.stderr(`${file}: ${reason.code}: ${reason.message}\n`);
    }
  }
  return failed === 0 ? 0 : 2;
}

/** The `decode` command. */
export const decodeCommand: CliCommand = { name: 'decode', summary: 'Decode message bodies (binary, JSON, XML) to the normalized model', usage: USAGE, run };
