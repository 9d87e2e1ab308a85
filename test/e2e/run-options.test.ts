import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { makeInbox } from '../helpers/inbox.js';

// These runs use the review gate's defaults: the generated pages (a Quyết định's header and
// number line, no issue date printed) are typed with confidence and read well, so none waits
// in review. A date that is absent is a note, not a hold (docs/review.md).

let inbox: string;

async function workspace(): Promise<string[]> {
  const ws = ['--workspace', path.join(tempDir('sohoa-runopt-'), 'ws')];
  const r = await runCli([...ws, 'units', 'import', path.join(ROOT, 'fixtures/units/tra-vinh-2025-03-01.csv')]);
  expect(r.code, r.stderr).toBe(0);
  return ws;
}

const jsonLines = (s: string) => s.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

beforeAll(async () => {
  inbox = path.join(tempDir('sohoa-runopt-inbox-'), 'inbox');
  await makeInbox(inbox);
  // A bad input in its own dossier: HTML saved by mistake as a JPEG.
  const bad = path.join(inbox, '29239', 'E2E-BAD', 'ho-so');
  mkdirSync(bad, { recursive: true });
  writeFileSync(path.join(bad, 'scan.jpg'), '<!doctype html><html><body>404 Not Found</body></html>');
});

describe('sohoa run options', { timeout: 600_000 }, () => {
  it('dry-runs, runs a subset of steps with a limit, then finishes the rest; a bad input gives exit 2 with its reason', async () => {
    const ws = await workspace();
    const common = ['--settle-seconds', '0', '--appearance', 'none'];
    const ingest = await runCli([...ws, 'ingest', inbox, '--settle-seconds', '0', '--json']);
    expect(ingest.code).toBe(2); // the HTML file is rejected at ingest
    const dry = await runCli([...ws, '--json', 'run', '--dry-run', ...common]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan.documents).toHaveLength(3);
    expect(plan.documents[0].next).toEqual(['ocr', 'classify', 'sign', 'archive']);

    const one = await runCli([...ws, '--log-format', 'json', 'run', '--stages', 'ocr,classify', '--limit', '1', ...common]);
    expect(one.code, one.stderr).toBe(0);
    const done = jsonLines(one.stderr).filter((e) => e.event === 'document-done');
    expect(done).toHaveLength(1);
    const after = JSON.parse((await runCli([...ws, '--json', 'run', '--dry-run', ...common])).stdout);
    const nexts = after.documents.map((d: { next: string[] }) => d.next.join(','));
    expect(nexts.sort()).toEqual(['ocr,classify,sign,archive', 'ocr,classify,sign,archive', 'sign,archive']);

    // Signing with no key configured fails fast, before OCR, with exit 6.
    const nokey = await runCli([...ws, '--log-format', 'json', 'run', ...common]);
    expect(nokey.code).toBe(6);
    expect(nokey.stderr).toMatch(/No signing key configured/);
    expect(jsonLines(nokey.stderr).filter((e) => e.event === 'stage')).toHaveLength(0);

    // A long-term level without a time-stamp authority is refused up front too (sign.level).
    const lta = await runCli([...ws, '--log-format', 'json', 'run', ...common, '--level', 'B-LTA']);
    expect(lta.code).toBe(6);
    expect(lta.stderr).toMatch(/PAdES B-LTA needs a time-stamp authority/);
    expect(jsonLines(lta.stderr).filter((e) => e.event === 'stage')).toHaveLength(0);
  });

  it('a bad input mixed into a batch leaves the rest done, with exit 2 and the reason in the JSON log', async () => {
    const ws = await workspace();
    const r = await runCli([...ws, '--log-format', 'json', 'run', inbox, '--settle-seconds', '0', '--stages', 'ocr,classify']);
    expect(r.code, r.stderr).toBe(2);
    const events = jsonLines(r.stderr);
    const rejected = events.filter((e) => e.event === 'document-rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].document).toContain('scan.jpg');
    expect(rejected[0].reason).toBeTruthy();
    expect(rejected[0].message).toMatch(/scan\.jpg/);
    expect(events.filter((e) => e.event === 'document-done')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ event: 'summary' });
  });
});
