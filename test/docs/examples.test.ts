/**
 * The manual's examples are run: a ```sh block right after a `<!-- runnable -->` line, in
 * README.md or docs/*.md, runs under `bash -e -o pipefail` in a fresh folder where `sohoa` is
 * bin/sohoa.js. The folder holds the fixtures an example may name:
 *   ho-so.pdf      a one-page PDF to sign
 *   agency.p12     a test signing certificate (signer + intermediate + root)
 *   agency.pass    its passphrase (mode 0600)
 *   trust/         the test root CA, for `sohoa verify --trust trust/`
 * A block that exits non-zero fails the test, with its output.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { textPdf } from '../fixtures-gen/files.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { makeTestPki, PASSPHRASE } from '../helpers/pki.js';

export interface RunnableExample {
  file: string;
  line: number;
  code: string;
}

/** Every ```sh block immediately preceded by a `<!-- runnable -->` line. */
export function runnableExamples(file: string, text: string): RunnableExample[] {
  const lines = text.split(/\r?\n/);
  const out: RunnableExample[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i]!.trim() !== '<!-- runnable -->' || !/^```(sh|bash)\s*$/.test(lines[i + 1]!.trim())) continue;
    const end = lines.findIndex((l, j) => j > i + 1 && l.trim() === '```');
    if (end < 0) throw new Error(`${file}:${i + 2}: a runnable block is never closed`);
    out.push({ file, line: i + 2, code: lines.slice(i + 2, end).join('\n') });
    i = end;
  }
  return out;
}

function manualFiles(): string[] {
  const docs = path.join(ROOT, 'docs');
  const pages = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => path.join(docs, f)) : [];
  return [path.join(ROOT, 'README.md'), ...pages].filter((f) => existsSync(f));
}

const examples = manualFiles().flatMap((f) => runnableExamples(path.relative(ROOT, f), readFileSync(f, 'utf8')));

describe('runnable examples in the manual', () => {
  it('finds runnable blocks and only those', () => {
    const md = ['<!-- runnable -->', '```sh', 'echo one', '```', '', '```sh', 'echo not marked', '```', '<!-- runnable -->', '', '```sh', 'echo gap', '```'].join('\n');
    expect(runnableExamples('x.md', md)).toEqual([{ file: 'x.md', line: 2, code: 'echo one' }]);
    // The manual has at least the signing example (issue 16: the README's own `sign` example exited 3).
    expect(examples.some((e) => /sohoa sign\b/.test(e.code))).toBe(true);
  });

  let fixtures: string;
  beforeAll(async () => {
    fixtures = tempDir('sohoa-examples-');
    const pki = makeTestPki(path.join(fixtures, 'pki'));
    writeFileSync(path.join(fixtures, 'ho-so.pdf'), await textPdf(['ĐƠN ĐỀ NGHỊ', 'Kính gửi: UBND xã Long Đức']));
    writeFileSync(path.join(fixtures, 'agency.p12'), readFileSync(pki.signerP12));
    writeFileSync(path.join(fixtures, 'agency.pass'), PASSPHRASE + '\n', { mode: 0o600 });
    mkdirSync(path.join(fixtures, 'trust'));
    writeFileSync(path.join(fixtures, 'trust', 'root.pem'), pki.root.certPem);
    const shim = path.join(fixtures, 'bin');
    mkdirSync(shim);
    writeFileSync(path.join(shim, 'sohoa'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(shim, 'sohoa'), 0o755);
  });

  it.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s runs and exits 0', (_name, example) => {
    const cwd = tempDir('sohoa-example-');
    for (const f of ['ho-so.pdf', 'agency.p12', 'agency.pass']) writeFileSync(path.join(cwd, f), readFileSync(path.join(fixtures, f)));
    chmodSync(path.join(cwd, 'agency.pass'), 0o600);
    mkdirSync(path.join(cwd, 'trust'));
    writeFileSync(path.join(cwd, 'trust', 'root.pem'), readFileSync(path.join(fixtures, 'trust', 'root.pem')));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(fixtures, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    // The examples' own SOHOA_* settings only, not the test runner's.
    for (const k of Object.keys(env)) if (k.startsWith('SOHOA_')) delete env[k];
    const res = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', example.code], { cwd, env, encoding: 'utf8', timeout: 110_000 });
    expect(res.status, `${example.file}:${example.line} exited ${res.status}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`).toBe(0);
  });
});
