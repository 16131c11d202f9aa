/**
 * Message files on disk: a body (`.bin`, `.json`, `.xml`) and its optional sidecar (`<body>.props.json`).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CONTENT_TYPES, sniffFormat } from '../../shared/context/detectFormat';
import type { WireFormat } from '../../shared/context/model';
import { parseSidecar, SidecarError, type Sidecar } from './sidecar';

/** The suffix of a sidecar file: `create-account.bin` → `create-account.bin.props.json`. */
export const SIDECAR_SUFFIX = '.props.json';

const BODY_EXTENSIONS: Readonly<Record<string, WireFormat>> = { '.bin': 'binary', '.msbin1': 'binary', '.json': 'json', '.xml': 'xml' };

/** One body with its sidecar, read from disk. */
export interface MessageFile {
  /** The body's path as given. */
  file: string;
  body: Buffer;
  /** The parsed sidecar, or `undefined` when the body has none. */
  sidecar: Sidecar | undefined;
  /** The content type to use: the sidecar's, else the sniffed format's, else the extension's. */
  contentType: string;
}

/**
 * The body files named by the arguments: a file stands for itself; a directory for the `.bin`, `.msbin1`, `.json`
 * and `.xml` files directly in it, sorted, without sidecars and `*.expected.json` files.
 *
 * @example
 * ```ts
 * await listMessageFiles(['samples']); // ['samples/assign-account.bin', ...]
 * ```
 */
export async function listMessageFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(path))
        .filter((n) => extname(n).toLowerCase() in BODY_EXTENSIONS)
        .filter((n) => !n.endsWith(SIDECAR_SUFFIX) && !n.endsWith('.expected.json'));
      files.push(...names.sort().map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}

/**
 * The content type of a body without a sidecar: from the bytes when they tell, else from the file extension.
 *
 * @example
 * ```ts
 * contentTypeFor(Buffer.from('{"BusinessUnitId":…}'), 'capture.txt'); // 'application/json'
 * ```
 */
export function contentTypeFor(body: Uint8Array, file: string): string | undefined {
  const format = (body.length > 0 ? sniffFormat(body) : undefined) ?? BODY_EXTENSIONS[extname(file).toLowerCase()];
  return format === undefined ? undefined : CONTENT_TYPES[format];
}

/**
 * Reads a body and its sidecar (when `<file>.props.json` exists).
 *
 * @throws {SidecarError} when the sidecar is malformed or no content type can be found.
 * @example
 * ```ts
 * const { body, sidecar, contentType } = await readMessageFile('samples/create-account.bin');
 * ```
 */
export async function readMessageFile(file: string): Promise<MessageFile> {
  const body = await readFile(file);
  const sidecarPath = `${file}${SIDECAR_SUFFIX}`;
  const sidecarText = await readFile(sidecarPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const sidecar = sidecarText === undefined ? undefined : parseSidecar(sidecarText, sidecarPath);
  const contentType = sidecar?.contentType ?? contentTypeFor(body, file);
  if (contentType === undefined) throw new SidecarError(`${file}: cannot tell the content type; add "contentType" to ${sidecarPath}`);
  return { file, body, sidecar, contentType };
}
