import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createHash } from 'node:crypto';
import { ROOT, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { renderPage } from '../fixtures-gen/render.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const OLD = Date.now() / 1000 - 3600;

/** A workspace with the Trà Vinh units imported, an inbox, and a demo signer. */
export interface Bench {
  dir: string;
  ws: string;
  inbox: string;
  p12: { p12Path: string; passphraseFile: string };
  cli(args: string[]): Promise<CliResult>;
  /** Writes a settled (an hour old) file under the inbox. */
  put(rel: string, data: Buffer | string): string;
  /**
   * `sohoa run` through archive (local folder archive under the workspace). These small pages
   * carry too little text to be typed with confidence, so the review gate holds them; as an
   * archivist would, the bench accepts what is held and runs again. The gate has its own tests.
   */
  run(): Promise<CliResult>;
}

export async function makeBench(prefix: string): Promise<Bench> {
  const dir = tempDir(`sohoa-fidelity-${prefix}-`);
  const ws = path.join(dir, 'ws');
  const inbox = path.join(dir, 'inbox');
  mkdirSync(inbox, { recursive: true });
  const p12 = await createDemoP12(dir);
  const cli = (args: string[]) => runCli(['--workspace', ws, ...args], { cwd: dir });
  const units = await cli(['units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')]);
  expect(units.code, units.stderr).toBe(0);
  return {
    dir,
    ws,
    inbox,
    p12,
    cli,
    put(rel, data) {
      const p = path.join(inbox, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, data);
      utimesSync(p, OLD, OLD);
      return p;
    },
    async run() {
      const run = () => cli(['--log-format', 'json', 'run', inbox, '--settle-seconds', '0', '--p12', p12.p12Path, '--passphrase-file', p12.passphraseFile, '--agency', 'UBND Phường 4']);
      const first = await run();
      const held = await cli(['--json', 'documents', 'list', '--status', 'review']);
      expect(held.code, held.stderr).toBe(0);
      const uids = (JSON.parse(held.stdout) as Array<{ uid: string }>).map((d) => d.uid);
      if (uids.length === 0) return first;
      for (const uid of uids) {
        const ok = await cli(['review', 'accept', uid]);
        expect(ok.code, ok.stderr).toBe(0);
      }
      return run();
    },
  };
}

/** A small real-looking page (A6, a few lines), distinct per `page`. */
export async function page(n: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  return (await renderPage({ page: n, dpi: 200, widthIn: 4.1, heightIn: 2.9, bodyLines: 2, format })).image;
}

/** Every archived sidecar under the workspace's local archive. */
export function sidecars(ws: string): Array<{ document: { id: string; pageCount: number | null; dossierCode: string }; sources: Array<{ name: string; sha256: string }> }> {
  const out: ReturnType<typeof sidecars> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e.endsWith('.json') && !e.startsWith('.')) {
        const j = JSON.parse(readFileSync(p, 'utf8'));
        if (j.schema?.startsWith('sohoa-archive-sidecar')) out.push(j);
      }
    }
  };
  walk(path.join(ws, 'archive'));
  return out;
}

/** Every file under a folder (for "nothing leaked" checks). */
export function allFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout) as Record<string, unknown>;
}
