import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openSqliteCatalog } from '../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../src/adapters/sql/catalog.js';
import { sha256Hex } from '../../src/adapters/store/hash.js';
import { main } from '../../src/cli/main.js';
import { ROOT } from './cli.js';

/** A labelled text from the classify validation split (fixtures/classify/validation/<type>/<file>). */
export const validationText = (type: string, file = '1-clean.txt') => readFileSync(path.join(ROOT, 'fixtures/classify/validation', type, file), 'utf8');

export interface SeedDoc {
  uid: string;
  dossier?: string;
  unit?: string;
  part?: 'ho-so' | 'ket-qua';
  /** Page texts with their OCR confidence (0–100); blank pages have confidence 0. */
  pages: Array<{ text: string; confidence: number; blank?: boolean }>;
}

/**
 * Puts documents in a catalog as the OCR step leaves them (stage `pdf`: page rows, a real
 * one-page PDF and an input file in the workspace), so the later steps run for real without
 * spending minutes on OCR.
 */
export async function seedOcrDone(workspace: string, docs: SeedDoc[]): Promise<SqlCatalog> {
  const catalog = openSqliteCatalog(workspace);
  for (const d of docs) {
    const inboxFile = path.join(workspace, 'inbox', `${d.uid}.png`);
    mkdirSync(path.dirname(inboxFile), { recursive: true });
    writeFileSync(inboxFile, `not really a scan of ${d.uid}`);
    const input = catalog.documents.addInput({ path: inboxFile, sha256: sha256Hex(readFileSync(inboxFile)), size: 10, mtimeMs: 0, status: 'registered' });
    const doc = catalog.documents.createDocument({ uid: d.uid, dossierCode: d.dossier ?? null, unitCode: d.unit ?? null, part: d.part ?? 'ho-so', name: `${d.uid}.png` }, [input]);
    const workDir = path.join(workspace, 'work', d.uid);
    mkdirSync(workDir, { recursive: true });
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([420, 595]).drawText(d.uid, { x: 40, y: 540, size: 12, font });
    const bytes = Buffer.from(await pdf.save());
    writeFileSync(path.join(workDir, 'document.pdf'), bytes);
    catalog.transaction(() => {
      catalog.documents.savePages(
        doc.id,
        d.pages.map((p, i) => ({ pageNo: i + 1, width: 1240, height: 1754, dpi: 300, rotation: 0, skew: 0, blank: Boolean(p.blank), lowDpi: false, text: p.text, confidence: p.confidence, wordsPath: null })),
      );
      catalog.documents.advance(doc.id, 'pdf', { pageCount: d.pages.length, workDir, pdfSha256: sha256Hex(bytes) });
    });
  }
  return catalog;
}

/** Runs the CLI in this process (no build needed) and captures its output. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  // English, as for spawned CLIs (test/helpers/cli.ts); a later --lang in args wins.
  const code = await main(['node', 'sohoa', '--lang', 'en', ...args], {
    streams: { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) },
  });
  return { code, stdout, stderr };
}
