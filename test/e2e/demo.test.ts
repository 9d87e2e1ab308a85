import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { verifyPdf } from '../../src/verify/index.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('sohoa demo', { timeout: 600_000 }, () => {
  it('runs the whole pipeline on the bundled samples and says where everything is', async () => {
    const dir = path.join(tempDir('sohoa-demo-'), 'demo');
    const r = await runCli(['demo', '--dir', dir, '--json', '--log-format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // With the review gate's defaults every demo document goes through: none is held.
    expect(out.summary.documents).toMatchObject({ total: 6, done: 6, rejected: 0, review: 0 });
    expect(out.summary.pages.done).toBe(7);
    for (const p of [out.htmlReport, out.catalog, out.certificate]) expect(existsSync(p), p).toBe(true);
    const pdfs = walk(out.archive).filter((f) => f.endsWith('.pdf'));
    expect(pdfs).toHaveLength(6);
    for (const pdf of pdfs) {
      const v = await verifyPdf(readFileSync(pdf));
      expect(v.verdict).toBe('valid');
      expect(v.signatures[0]!.subject).toContain('DEMO');
    }
    // The three demo dossiers were not digitized in the register; sohoa digitized them.
    const level = (lvl: string, rep: { levels: Array<{ level: string; figures: { componentsDigitized: number; archived: number } }> }) =>
      rep.levels.find((l) => l.level === lvl)!.figures;
    for (const lvl of ['province', 'district', 'commune']) {
      expect(level(lvl, out.report).componentsDigitized).toBe(level(lvl, out.before).componentsDigitized + 1);
      expect(level(lvl, out.report).archived).toBe(1);
    }
    expect(readFileSync(out.htmlReport, 'utf8')).toContain('<svg');
    // A second demo replaces the first folder, which it made.
    const again = await runCli(['demo', '--dir', dir, '--json']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('refuses to replace a folder it did not make', async () => {
    const dir = tempDir('not-a-demo-');
    const r = await runCli(['demo', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/was not made by `sohoa demo`/);
  });
});
