/**
 * What `func azure functionapp publish` would leave out, judged by Core Tools' own matching rules (ported from its
 * GitIgnoreParser, which Core Tools itself ported from codemix/gitignore-parser): a pattern matches from the start of
 * the path, `*` within one folder, `**` across folders, with no anchor at the end. Core Tools cannot run here, so the
 * port stands in for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/** Core Tools' `Denies(path)` for a .funcignore text. */
function funcignore(text: string): (path: string) => boolean {
  const positive: string[] = [];
  const negative: string[] = [];
  for (let line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    if (line.startsWith('/')) line = line.slice(1);
    (negated ? negative : positive).push(line);
  }
  const pattern = (p: string) => p.replace(/[-[\]/{}()+?.\\^$|]/g, '\\$&').replace(/\*\*/g, '(.+)').replace(/\*/g, '([^\\/]+)');
  const regex = (list: string[]) => (list.length === 0 ? /$^/ : new RegExp(`^((${[...list].sort().map(pattern).join(')|(')}))`));
  const [deny, allow] = [regex(positive), regex(negative)];
  return (path) => !(allow.test(path) || !deny.test(path));
}

const denies = funcignore(readFileSync(join(ROOT, '.funcignore'), 'utf8'));

describe('.funcignore', () => {
  it('keeps the compiled functions, handlers and shared code, host.json, package.json and node_modules', () => {
    // Prepare
    const kept = ['dist/functions/dataverseQueue.js', 'dist/functions/dataverseTopic.js', 'dist/handlers/index.js', 'dist/handlers/account.js', 'dist/shared/context/model.js', 'dist/shared/pipeline/processMessage.js', 'host.json', 'package.json', 'node_modules/@azure/functions/package.json'];
    // Act / Assess
    expect(kept.filter(denies)).toEqual([]);
  });

  it('leaves out sources at any depth, source maps, tests, tools, the CLI and local settings', () => {
    // Prepare
    const left = ['shared/context/model.ts', 'functions/dataverseQueue.ts', 'handlers/account.ts', 'cli/main.ts', 'dist/cli/main.js', 'dist/bench/decode.bench.js', 'dist/shared/context/model.js.map', 'test/cli/dev.test.ts', 'samples/create-account.bin', 'docs/operating.md', 'tools/fixtures/generate.sh', 'local.settings.json', 'local.settings.sample.json', 'tsconfig.json', 'tsconfig.build.json', 'vitest.config.mts', 'README.md', 'package-lock.json'];
    // Act / Assess
    expect(left.filter((path) => !denies(path))).toEqual([]);
  });

  it('leaves out nothing the runtime dependencies load (only their TypeScript declarations and maps)', () => {
    // Prepare: every file of every installed package.
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(relative(ROOT, path).split('\\').join('/'));
      }
    };
    walk(join(ROOT, 'node_modules'));
    // Act
    const lost = files.filter((path) => denies(path) && !/(\.ts|\.mts|\.cts|\.map|\.tsbuildinfo)$/.test(path));
    // Assess
    expect(files.length).toBeGreaterThan(1000);
    expect(lost).toEqual([]);
  });
});
