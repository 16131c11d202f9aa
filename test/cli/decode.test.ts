import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import type { CliIo } from '../../cli/command';
import { goldenPath, readExpected } from '../helpers/fixtures';

function capture(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdout: (t) => (out += t), stderr: (t) => (err += t), out: () => out, err: () => err };
}

const NAME = 'update-contact-with-images';

describe('decode command', () => {
  it('prints one file as the pretty normalized JSON, whatever its format', async () => {
    for (const ext of ['bin', 'json', 'xml'] as const) {
      // Prepare
      const io = capture();

      // Act
      const code = await runCli(['decode', goldenPath(NAME, ext)], io);

      // Assess
      expect(code).toBe(0);
      expect(JSON.parse(io.out())).toStrictEqual(readExpected(NAME));
      expect(io.out()).toContain('\n  "messageName": "Update",\n');
      expect(io.err()).toBe('');
    }
  });

  it('prints one compact line per file with --ndjson and reports a failure on its own line', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'decode-'));
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"MessageName": "Create"');
    const io = capture();

    // Act
    const code = await runCli(['decode', '--ndjson', goldenPath(NAME, 'bin'), broken, goldenPath(NAME, 'xml')], io);

    // Assess
    const lines = io.out().trimEnd().split('\n');
    expect(code).toBe(2);
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toStrictEqual(readExpected(NAME));
    expect(JSON.parse(lines[1]!)).toStrictEqual({ file: broken, error: { code: 'INVALID_JSON', message: expect.any(String) } });
    expect(JSON.parse(lines[2]!)).toStrictEqual(readExpected(NAME));
  });

  it('fails a single bad file with exit code 2 and a one-line reason on stderr', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'decode-'));
    const notAContext = join(dir, 'order.json');
    writeFileSync(notAContext, '{"orderId": 42}');
    const io = capture();

    // Act
    const code = await runCli(['decode', notAContext], io);

    // Assess
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/^.*order\.json: NOT_A_CONTEXT: .+\n$/);
  });

  it('uses --content-type over the bytes and the extension', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'decode-'));
    const body = join(dir, 'message.dat');
    copyFileSync(goldenPath(NAME, 'xml'), body);
    const io = capture();

    // Act
    const asJson = await runCli(['decode', '--content-type', 'application/json', body], capture());
    const asXml = await runCli(['decode', '--content-type', 'application/xml; charset=utf-8', body], io);

    // Assess
    expect(asJson).toBe(2);
    expect(asXml).toBe(0);
    expect(JSON.parse(io.out())).toStrictEqual(readExpected(NAME));
  });

  it('reports a missing file and an unsupported content type', async () => {
    // Prepare
    const missing = capture();
    const badType = capture();

    // Act
    const missingCode = await runCli(['decode', '--ndjson', 'no/such/file.bin'], missing);
    const badTypeCode = await runCli(['decode', '--content-type', 'text/plain', goldenPath(NAME, 'json')], badType);

    // Assess
    expect(missingCode).toBe(2);
    expect(JSON.parse(missing.out())).toMatchObject({ file: 'no/such/file.bin', error: { code: 'READ_FAILED' } });
    expect(badTypeCode).toBe(2);
    expect(badType.err()).toContain('text/plain');
  });
});
