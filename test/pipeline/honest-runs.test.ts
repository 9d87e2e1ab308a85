import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import { runPipeline, type RunResult } from '../../src/pipeline/run.js';
import type { PipelineEvent, RunSummary } from '../../src/pipeline/events.js';
import { createProgress, pagesPerMinute } from '../../src/cli/progress.js';
import { renderSummary } from '../../src/cli/summary.js';
import { tempDir } from '../helpers/cli.js';

/** Runs with an inbox say everything that happened, and the summary, the events, the stored run and the exit code agree. */
let root: string;
let inbox: string;
let catalog: SqlCatalog;
const past = new Date(Date.now() - 3600_000);

async function write(rel: string, bytes: Buffer, settled = true): Promise<string> {
  const p = path.join(inbox, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, bytes);
  if (settled) utimesSync(p, past, past);
  return p;
}
const png = () => sharp({ create: { width: 200, height: 280, channels: 3, background: '#f4f1e8' } }).png().toBuffer();

async function run(dryRun = false): Promise<{ result: RunResult; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const result = await runPipeline({
    catalog,
    config: configSchema.parse({ workspace: path.join(root, 'ws') }),
    inbox,
    steps: ['classify'], // ingest only: nothing ingested here reaches classify without OCR
    cpuConcurrency: 1,
    dryRun,
    signal: new AbortController().signal,
    events: (e) => events.push(e),
  });
  return { result, events };
}
const summaryOf = (r: RunResult): RunSummary => {
  if ('dryRun' in r) throw new Error('expected a real run');
  return r.summary;
};

beforeAll(async () => {
  root = tempDir('sohoa-honest-');
  inbox = path.join(root, 'inbox');
  await write('29236/H-1/ho-so/don.png', await png());
  await write('29236/H-1/ket-qua/giay.png', Buffer.from('this is a text file, not a scan\n'));
  await write('842/H-2/ho-so/to-khai.png', await png(), false); // still being copied
  await write('ghi-chu.txt', Buffer.from('notes'));
  catalog = openSqliteCatalog(path.join(root, 'ws'));
});

describe('honest runs', () => {
  it('counts ingest rejections in the summary, the events, the stored run and the exit code alike', async () => {
    const { result, events } = await run();
    const s = summaryOf(result);
    expect(s.ingest).toMatchObject({ registered: 1, settleSeconds: 30 });
    expect(s.ingest!.rejected).toEqual([expect.objectContaining({ file: expect.stringContaining('giay.png') })]);
    expect(s.rejected).toEqual([expect.objectContaining({ stage: 'ingested', document: expect.stringContaining('giay.png') })]);
    expect(s.documents.rejected).toBe(1);
    expect(s.exitCode).toBe(2);
    // The progress bar counts document-rejected events: the same number.
    expect(events.filter((e) => e.type === 'document-rejected')).toHaveLength(s.documents.rejected);
    const last = events.filter((e) => e.type === 'summary');
    expect(last).toHaveLength(1);
    expect((last[0] as { summary: RunSummary }).summary).toEqual(s);
    const stored = catalog.runs.recent(1)[0]!;
    expect(stored.exitCode).toBe(2);
    expect((stored.summary as RunSummary).ingest!.rejected).toHaveLength(1);
    expect((stored.summary as RunSummary).documents.rejected).toBe(1);
  });

  it('names unsettled files with the settle time and how to override it, and lists ignored files', async () => {
    const s = summaryOf((await run()).result);
    expect(s.ingest!.unsettled.map((u) => path.basename(u.file))).toEqual(['to-khai.png']);
    expect(s.ingest!.ignored.map((u) => path.basename(u.file))).toContain('ghi-chu.txt');
    const text = renderSummary(s, 'en');
    expect(text).toContain('Not yet settled (modified less than 30 s ago; taken by the next run, or now with --settle-seconds 0)');
    expect(text).toMatch(/to-khai\.png/);
    expect(text).toMatch(/Ignored .*\n.*ghi-chu\.txt/);
  });

  it('reports still-rejected files on every later run', async () => {
    const s = summaryOf((await run()).result);
    expect(s.ingest!.rejected).toEqual([]);
    expect(s.ingest!.stillRejected.map((r) => path.basename(r.file))).toEqual(['giay.png']);
    expect(renderSummary(s, 'en')).toMatch(/Still rejected from earlier runs.*\n.*giay\.png/);
    expect(s.exitCode).toBe(0); // nothing new went wrong in this run
  });

  it('says a still-rejected file in the run language, from the English message the catalog stored', async () => {
    const s = summaryOf((await run()).result);
    const [still] = s.ingest!.stillRejected;
    expect(still).toMatchObject({ reason: 'bad-magic', key: 'reject.badMagic', params: { file: still!.file, size: '32' } });
    expect(still!.message).toMatch(/^Expected a JPEG, PNG, TIFF or PDF in .*giay\.png, got /);
    const vi = renderSummary(s, 'vi');
    expect(vi).toMatch(/Vẫn bị từ chối từ các lần chạy trước.*\n.*giay\.png bad-magic: Tệp .*giay\.png không phải JPEG, PNG, TIFF hay PDF: .* \(32 byte\)/);
    expect(vi).not.toContain('Expected a JPEG');
  });

  it('--dry-run with an inbox counts what it would add, and adds nothing', async () => {
    await write('842/H-3/ho-so/moi.png', await png());
    const before = catalog.documents.all().length;
    const { result } = await run(true);
    if (!('dryRun' in result)) throw new Error('expected a dry run');
    expect(result.ingest).toMatchObject({ wouldRegister: 1, newFiles: 1 });
    expect(result.ingest!.unsettled.map((u) => path.basename(u.file))).toEqual(['to-khai.png']);
    expect(catalog.documents.all()).toHaveLength(before);
  });
});

describe('progress', () => {
  it('never shows NaN: pages per minute is 0 until there is time and pages to divide', () => {
    expect(pagesPerMinute(0, 0)).toBe(0);
    expect(pagesPerMinute(5, 0)).toBe(0);
    expect(pagesPerMinute(0, 1000)).toBe(0);
    expect(pagesPerMinute(10, 60_000)).toBe(10);
  });

  it('writes JSON lines with level, msg and time (no type_), and plain lines with --log-format text off a terminal', () => {
    const summary = { runId: 1, documents: { total: 0, done: 0, rejected: 0, review: 0, pending: 0 }, exitCode: 0 } as RunSummary;
    const capture = (text: boolean) => {
      const stream = new PassThrough();
      let out = '';
      stream.on('data', (d: Buffer) => (out += d.toString()));
      const p = createProgress({ stream, json: !text, text, tty: false, lang: 'en' });
      p({ type: 'start', runId: 1, documents: 0, pages: 0, concurrency: 1, stages: ['ingested'] });
      p({ type: 'document-done', document: 'd1', dossier: null, pages: 2, docType: 'quyet-dinh', ms: 5 });
      p({ type: 'document-rejected', document: 'd2', stage: 'ocr', reason: 'too-large', message: 'too big' });
      p({ type: 'summary', summary });
      return out;
    };
    const lines = capture(false).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      expect(l).toMatchObject({ level: expect.any(String), msg: expect.any(String), time: expect.any(String) });
      expect(l).not.toHaveProperty('type_');
    }
    expect(lines[2]).toMatchObject({ level: 'warn', event: 'document-rejected' });
    const text = capture(true);
    expect(() => JSON.parse(text.split('\n')[0]!)).toThrow();
    expect(text).toContain('warn: d2: rejected at ocr (too-large): too big');
    expect(text).not.toContain('NaN');
  });
});
