/**
 * Paths inside the project, the same from `cli/` (tests) and `dist/cli/` (built).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root: the nearest directory above this module that holds a `package.json`.
 *
 * @example
 * ```ts
 * join(projectRoot(), 'samples');
 * ```
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/**
 * The bundled samples directory (`samples/`), used when `dev` or `send` get no files.
 *
 * @example
 * ```ts
 * await listMessageFiles([bundledSamplesDir()]);
 * ```
 */
export function bundledSamplesDir(): string {
  return join(projectRoot(), 'samples');
}
