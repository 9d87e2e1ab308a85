import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

const VALIDATION = path.join(ROOT, 'fixtures/classify/validation');
const TRAIN = path.join(ROOT, 'fixtures/classify/train');
const FONT = path.join(ROOT, 'node_modules/@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf');

const DECISION = `ỦY BAN NHÂN DÂN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN CÀNG LONG        Độc lập - Tự do - Hạnh phúc
Số: 123/QĐ-UBND        Càng Long, ngày 13 tháng 01 năm 2022
QUYẾT ĐỊNH
Về việc cấp lại căn cước cho ông Nguyễn Văn An, số 084012341234
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CÀNG LONG
Điều 1. Cấp lại cho ông Nguyễn Văn An, điện thoại 0912345678.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.`;

/** A two-page PDF with a real text layer in Tinos (Vietnamese glyphs). */
async function textPdf(file: string, pages: string[]): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(readFileSync(FONT), { subset: true });
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    text.split('\n').forEach((line, i) => page.drawText(line, { x: 40, y: 800 - i * 18, size: 11, font }));
  }
  writeFileSync(file, await pdf.save());
}

describe('sohoa classify', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('classifies .txt files with type, confidence, alternatives and metadata (--json)', async () => {
    const file = path.join(dir, 'decision.txt');
    writeFileSync(file, DECISION);
    const res = await runCli(['classify', file, path.join(VALIDATION, 'cong-van/1-clean.txt'), '--json']);
    expect(res.code, res.stderr).toBe(0);
    const data = JSON.parse(res.stdout) as { results: Array<{ status: string; classification: Record<string, any> }> };
    const [decision, letter] = data.results.map((r) => r.classification);
    expect(decision!.type).toBe('quyet-dinh');
    expect(decision!.alternatives).toHaveLength(3);
    expect(decision!.metadata.codeNotation.value).toBe('QĐ-UBND');
    expect(decision!.metadata.issuedDate.value).toBe('2022-01-13');
    expect(decision!.metadata.organName.value).toBe('ỦY BAN NHÂN DÂN HUYỆN CÀNG LONG');
    expect(letter!.type).toBe('cong-van');
  });

  it('prints a readable summary, and masks personal data in --verbose output', async () => {
    const file = path.join(dir, 'decision.txt');
    writeFileSync(file, DECISION);
    const res = await runCli(['classify', file, '--verbose']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/decision\.txt: quyet-dinh \(Quyết định\) \d+%/);
    expect(res.stdout).toMatch(/IssuedDate\s+2022-01-13/);
    expect(res.stderr).toContain('classified');
    expect(res.stderr).toContain('0840••••1234');
    expect(res.stderr).not.toContain('084012341234');
    expect(res.stderr).not.toContain('Nguyễn Văn An');
  });

  it('reads the text layer of a PDF, page by page', async () => {
    const file = path.join(dir, 'decision.pdf');
    await textPdf(file, [DECISION, 'Nơi nhận:\n- Như Điều 2;\n- Lưu: VT.']);
    const res = await runCli(['classify', file, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const r = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results[0]!;
    expect(r.source).toBe('pdf-text');
    expect(r.pages).toBe(2);
    expect(r.classification.type).toBe('quyet-dinh');
    expect(r.classification.metadata.pageAmount.value).toBe(2);
    expect(r.classification.metadata.codeNumber.value).toBe('123');
  });

  it('rejects what it cannot read with exit code 2 and goes on with the rest', async () => {
    const empty = path.join(dir, 'empty.txt');
    const doc = path.join(dir, 'notes.docx');
    writeFileSync(empty, '');
    writeFileSync(doc, 'x');
    const res = await runCli(['classify', empty, doc, path.join(VALIDATION, 'hop-dong/1-clean.txt'), '--json']);
    expect(res.code).toBe(2);
    const results = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results;
    expect(results.map((r) => r.reason ?? r.classification.type)).toEqual(['empty', 'unsupported', 'hop-dong']);
  });

  it('marks documents below --min-confidence as needing review, and refuses a bad value', async () => {
    const res = await runCli(['classify', path.join(VALIDATION, 'don-de-nghi/1-ocr-heavy.txt'), '--min-confidence', '1', '--json']);
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results[0]!.classification.needsReview).toBe(true);
    const bad = await runCli(['classify', 'x.txt', '--min-confidence', '2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Expected a number from 0 to 1 for --min-confidence, got "2"');
  });

  it('trains a model and uses it with --model', async () => {
    const model = path.join(dir, 'model.json');
    const train = await runCli(['classify', 'train', TRAIN, '--out', model, '--json']);
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout)).toMatchObject({ examples: 126, fromReviews: 0 });
    const res = await runCli(['classify', path.join(VALIDATION, 'bien-ban/2-ocr-heavy2.txt'), '--model', model, '--json']);
    expect(res.code).toBe(0);
    const c = (JSON.parse(res.stdout) as { results: Array<Record<string, any>> }).results[0]!.classification;
    expect(c.votes.model).toHaveLength(3);
    expect(c.type).toBe('bien-ban');
    const missing = await runCli(['classify', path.join(VALIDATION, 'bien-ban/1-clean.txt'), '--model', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(3);
  });
});

describe('sohoa review', () => {
  it('lists documents that need review, records a decision that wins, and feeds training', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'ws');
    const catalog = openSqliteCatalog(ws);
    const now = new Date().toISOString();
    catalog.db.prepare(`INSERT INTO documents (uid, name, created_at, updated_at) VALUES ('hs-001-01', 'scan-001', ?, ?)`).run(now, now);
    catalog.db.prepare(`INSERT INTO pages (document_id, page_no, text) VALUES (1, 1, ?)`).run(readFileSync(path.join(VALIDATION, 'giay-xac-nhan/1-ocr-heavy.txt'), 'utf8'));
    catalog.classifications.record(1, {
      type: 'cong-van',
      confidence: 0.42,
      alternatives: [{ type: 'cong-van', confidence: 0.42 }, { type: 'giay-xac-nhan', confidence: 0.4 }],
      needsReview: true,
      metadata: {},
    });
    catalog.close();

    const list = await runCli(['--workspace', ws, 'review', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ uid: string }>).map((d) => d.uid)).toEqual(['hs-001-01']);

    const bad = await runCli(['--workspace', ws, 'review', 'set', '1', 'giay-bogus']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Known types:');

    const set = await runCli(['--workspace', ws, 'review', 'set', 'hs-001-01', 'giay-xac-nhan', '--reviewer', 'văn thư']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('is now giay-xac-nhan (the classifier said cong-van 42%)');

    const after = await runCli(['--workspace', ws, 'review', 'list', '--json']);
    expect(JSON.parse(after.stdout)).toEqual([]);
    const decided = await runCli(['--workspace', ws, 'review', 'list', '--decided', '--json']);
    expect(JSON.parse(decided.stdout)).toMatchObject([{ documentId: 1, type: 'giay-xac-nhan', machineType: 'cong-van' }]);

    const trainDir = path.join(dir, 'train');
    for (const t of ['quyet-dinh', 'giay-xac-nhan']) {
      mkdirSync(path.join(trainDir, t), { recursive: true });
      writeFileSync(path.join(trainDir, t, 'a.txt'), readFileSync(path.join(TRAIN, t, '1-clean.txt')));
    }
    const train = await runCli(['--workspace', ws, 'classify', 'train', trainDir, '--out', path.join(dir, 'm.json'), '--include-reviews', '--json']);
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout)).toMatchObject({ examples: 3, fromReviews: 1, perType: { 'giay-xac-nhan': 2, 'quyet-dinh': 1 } });
  });
});
