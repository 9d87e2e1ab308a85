import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { configSchema } from '../../src/config/schema.js';
import type { RunSummary } from '../../src/pipeline/events.js';
import { runPipeline } from '../../src/pipeline/run.js';
import { createDemoP12 } from '../../src/stages/sign/demo.js';
import { readSigners } from '../../src/stages/classify/signers.js';
import { renderPage } from '../fixtures-gen/render.js';
import { tempDir } from '../helpers/cli.js';
import { signedPdf } from '../stages/sign/fixtures.js';

/**
 * Classification evidence through the whole pipeline (real OCR, signing and a folder archive):
 * an e-signed input PDF whose printed day is blank gets its date from the signing time, marked
 * so in the sidecar with the signer's organisation; a PDF whose text layer is accent-stripped
 * garbage is OCRed instead, and the sidecar says which text was used; a scan that reads badly
 * waits in review, unsigned and unarchived.
 */
const require = createRequire(import.meta.url);
const TINOS = path.join(path.dirname(require.resolve('@expo-google-fonts/tinos/package.json')), '400Regular', 'Tinos_400Regular.ttf');

let ws: string;
let inbox: string;
let archiveDir: string;
let catalog: SqlCatalog;
let summary: RunSummary;
let signingDate: string;
let signers: Awaited<ReturnType<typeof readSigners>>;

const THONG_BAO = [
  'ỦY BAN NHÂN DÂN',
  'XÃ LONG ĐỨC',
  'Số: 15/TB-UBND',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Long Đức, ngày        tháng        năm',
  'THÔNG BÁO',
  'Lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã',
  'Ủy ban nhân dân xã thông báo lịch tiếp công dân định kỳ tại trụ sở,',
  'theo quy định của Luật Tiếp công dân và kế hoạch của xã.',
  'Nơi nhận: như trên; lưu văn thư.',
];

/** A born-digital Thông báo (Tinos, a real Vietnamese text layer), its day left blank, then e-signed. */
async function signedThongBao(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(TINOS), { subset: true });
  const page = doc.addPage([595, 842]);
  const at = (text: string, x: number, y: number, size = 12) => page.drawText(text, { x, y, size, font });
  at(THONG_BAO[0]!, 60, 790);
  at(THONG_BAO[1]!, 80, 774);
  at(THONG_BAO[2]!, 70, 750);
  at(THONG_BAO[3]!, 300, 790, 11);
  at(THONG_BAO[4]!, 340, 774);
  at(THONG_BAO[5]!, 320, 750);
  at(THONG_BAO[6]!, 260, 700, 14);
  THONG_BAO.slice(7).forEach((line, i) => at(line, 60, 670 - i * 20));
  return signedPdf({ agency: 'UBND xã Long Đức' }, Buffer.from(await doc.save()));
}

/** A scan (page image) carrying an old OCR's text layer with every accent stripped, drawn invisibly. */
async function garbageLayerPdf(): Promise<Buffer> {
  const lines = [
    'ỦY BAN NHÂN DÂN XÃ LONG ĐỨC',
    'Số: 507/UBND-VP',
    'V/v triển khai số hóa hồ sơ thủ tục hành chính',
    'Kính gửi: Các ấp trên địa bàn xã',
    'Ủy ban nhân dân xã đề nghị các ấp phối hợp thực hiện số hóa hồ sơ.',
  ];
  const r = await renderPage({ lines, dpi: 300, format: 'png' });
  const doc = await PDFDocument.create();
  const img = await doc.embedPng(r.image);
  const w = (r.width / 300) * 72;
  const h = (r.height / 300) * 72;
  const page = doc.addPage([w, h]);
  page.drawImage(img, { x: 0, y: 0, width: w, height: h });
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  const stripped = ['UY BAN NHAN DAN XA LONG DUC', 'So 507 UBND VP', 'V v trien khai so hoa ho so thu tuc hanh chinh', 'Kinh gui Cac ap tren dia ban xa', 'Uy ban nhan dan xa de nghi cac ap phoi hop thuc hien so hoa ho so'];
  stripped.forEach((line, i) => page.drawText(line, { x: 36, y: h - 60 - i * 18, size: 10, font: helv, opacity: 0 }));
  return Buffer.from(await doc.save());
}

function put(rel: string, bytes: Buffer): void {
  const file = path.join(inbox, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}

const docOf = (dossier: string) => catalog.documents.all().find((d) => d.dossierCode === dossier)!;
const storeUrl = () => pathToFileURL(archiveDir).href;
const sidecarOf = (dossier: string) => {
  const key = catalog.archive.sidecars(storeUrl(), docOf(dossier).uid)[0]!.key;
  return JSON.parse(readFileSync(path.join(archiveDir, key), 'utf8'));
};

beforeAll(async () => {
  const dir = tempDir('sohoa-evidence-');
  ws = path.join(dir, 'ws');
  inbox = path.join(dir, 'inbox');
  archiveDir = path.join(dir, 'archive');
  const signed = await signedThongBao();
  signers = await readSigners(signed);
  signingDate = signers[0]!.signingTime!.slice(0, 10);
  put('29236/EV-SIGNED/ket-qua/thong-bao.pdf', signed);
  put('29236/EV-LAYER/ket-qua/cong-van.pdf', await garbageLayerPdf());
  // Grain and dust heavy enough that OCR reads it with little confidence.
  put('29236/EV-FAINT/ho-so/don.png', (await renderPage({ page: 2, dpi: 300, format: 'png', bodyLines: 4, grain: 220, noise: 0.03 })).image);
  const p12 = await createDemoP12(dir);
  catalog = openSqliteCatalog(ws);
  const config = configSchema.parse({
    workspace: ws,
    archive: `file://${archiveDir}`,
    sign: { p12: p12.p12Path, passphraseFile: p12.passphraseFile, agency: 'UBND xã Long Đức' },
    ocr: { settleSeconds: 0 },
  });
  const res = await runPipeline({
    catalog,
    config,
    inbox,
    steps: ['ocr', 'classify', 'sign', 'archive'],
    cpuConcurrency: 1,
    signal: new AbortController().signal,
    events: () => undefined,
  });
  if ('dryRun' in res) throw new Error('unexpected dry run');
  summary = res.summary;
});
afterAll(() => catalog?.close());

describe('classification evidence in the pipeline', () => {
  it('fills the date of an e-signed input from its signing time, and records the signer in the sidecar', () => {
    expect(docOf('EV-SIGNED')).toMatchObject({ stage: 'archived' });
    const side = sidecarOf('EV-SIGNED');
    expect(side.document.docType).toBe('thong-bao');
    expect(side.annexVI).toMatchObject({ CodeNumber: '15', CodeNotation: 'TB-UBND', IssuedDate: signingDate });
    expect(side.provenance.IssuedDate).toMatchObject({ source: 'signature', via: 'claimed' });
    expect(side.provenance.IssuedDate.confidence).toBeLessThan(0.9);
    expect(side.provenance.CodeNumber).toMatchObject({ source: 'printed', via: 'text-layer' });
    expect(side.evidence.signers).toEqual([expect.objectContaining({ organization: signers[0]!.organization, signingTime: signers[0]!.signingTime, intact: true })]);
    expect(signers[0]!.organization).toBeTruthy();
    expect(side.evidence.textSource).toEqual({ used: 'text-layer', textLayer: 'used' });
    expect(side.evidence.notes).toContain('metadata:date-from-signature');
    expect(side.evidence.reviewReasons).toBeUndefined();
  });

  it('sets an accent-stripped text layer aside, OCRs the page, and says so', () => {
    const doc = docOf('EV-LAYER');
    expect(doc).toMatchObject({ stage: 'archived' });
    const text = catalog.documents.pages(doc.id)[0]!.text;
    expect(text).toContain('Kính gửi'); // OCR of the image, with its marks
    expect(text).not.toContain('Kinh gui');
    const side = sidecarOf('EV-LAYER');
    expect(side.evidence.textSource).toEqual({ used: 'ocr', textLayer: 'rejected: no-diacritics' });
    expect(side.document.docType).toBe('cong-van');
  });

  it('holds a badly read scan in review: not signed, not archived', () => {
    const doc = docOf('EV-FAINT');
    expect(doc).toMatchObject({ stage: 'classified', status: 'review' });
    const held = catalog.review.queue().find((d) => d.uid === doc.uid)!;
    expect(held.reasons.some((r) => /^ocr-confidence page 1: 0\.\d+ < 0\.85$/.test(r)), held.reasons.join('; ')).toBe(true);
    expect(catalog.archive.findDocument(storeUrl(), doc.uid)).toBeUndefined();
    expect(readdirSync(path.join(ws, 'work', doc.uid))).not.toContain('signed.pdf');
    expect(summary.documents).toMatchObject({ total: 3, done: 2, review: 1, rejected: 0 });
  });
});
