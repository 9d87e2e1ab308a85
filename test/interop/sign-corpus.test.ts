import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED, runCli } from '../helpers/cli.js';

/**
 * `sohoa verify` on every file of the shared signature corpus (EU DSS test resources), against
 * the verdicts in its EXPECTED.md. The files are read in place, never copied into the repo.
 */
const CORPUS = path.join(SHARED, 'corpus', 'signatures');
const present = existsSync(path.join(CORPUS, 'EXPECTED.md'));
if (!present) console.warn(`skipping: the signature corpus is not at ${CORPUS}`);

function expectedVerdicts(): Array<{ file: string; verdict: string; text: string }> {
  const md = readFileSync(path.join(CORPUS, 'EXPECTED.md'), 'utf8');
  return [...md.matchAll(/^\| `([^`]+\.pdf)` \| ([^|]+) \|/gm)].map((m) => {
    const text = m[2]!.trim();
    const verdict = /^INVALID/.test(text) ? 'invalid' : /^NOT SIGNED/.test(text) ? 'not-signed' : /^(valid|signature intact)/.test(text) ? 'valid' : 'unknown';
    return { file: m[1]!, verdict, text };
  });
}

describe.skipIf(!present)('sohoa verify on the shared signature corpus', () => {
  const cases = present ? expectedVerdicts() : [];
  it('reads every row of EXPECTED.md', () => {
    expect(cases.length).toBeGreaterThanOrEqual(19);
    expect(cases.filter((c) => c.verdict === 'unknown')).toEqual([]);
  });

  // One run over the whole corpus (the CLI's start-up dominates); each file is then checked.
  let byFile = new Map<string, { verdict: string; encrypted: boolean; signatures: Array<Record<string, unknown>> }>();
  let allCode: number | null = null;
  beforeAll(async () => {
    const r = await runCli(['--json', 'verify', ...cases.map((c) => path.join(CORPUS, c.file))]);
    allCode = r.code;
    byFile = new Map(JSON.parse(r.stdout).files.map((f: { file: string }) => [path.relative(CORPUS, f.file), f]));
  });

  for (const c of cases) {
    it(`${c.file}: ${c.text}`, () => {
      const report = byFile.get(c.file)!;
      expect(report.verdict).toBe(c.verdict);
      const sigs = report.signatures as Array<{ kind: string; byteRangeValid: boolean; changesAfter: Array<{ kind: string }> }>;
      if (/encrypted/.test(c.text)) expect(report.encrypted).toBe(true);
      if (/page was added/.test(c.text)) expect(sigs[0]!.changesAfter.map((x) => x.kind)).toContain('new-page');
      if (/ByteRange invalid/.test(c.text)) expect(sigs.some((s) => !s.byteRangeValid)).toBe(true);
      if (/timestamp/.test(c.text)) expect(sigs.some((s) => s.kind === 'document-timestamp')).toBe(true);
    });
  }

  it('exits 4 for the whole corpus (the worst verdict wins)', () => {
    expect(allCode).toBe(4);
  });

  it('exits 0 when every file is valid, 8 when the worst is unsigned', async () => {
    const valid = cases.filter((c) => c.verdict === 'valid').map((c) => path.join(CORPUS, c.file));
    expect((await runCli(['verify', ...valid])).code).toBe(0);
    expect((await runCli(['verify', ...valid, path.join(CORPUS, 'pdf-with-empty-sig.pdf')])).code).toBe(8);
  });
});
