import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPage } from '../fixtures-gen/render.js';

export interface InboxFile {
  unit: string;
  dossier: string;
  part: 'ho-so' | 'ket-qua';
  file: string;
  page: number;
}

/** A small scanner inbox: two dossiers, components and a result, PNG and JPEG, 200–300 dpi. */
export const SMALL_INBOX: InboxFile[] = [
  { unit: '29236', dossier: 'E2E-001', part: 'ho-so', file: 'don_p1.png', page: 1 },
  { unit: '29236', dossier: 'E2E-001', part: 'ho-so', file: 'don_p2.png', page: 2 },
  { unit: '29236', dossier: 'E2E-001', part: 'ket-qua', file: 'giay-xac-nhan.jpg', page: 3 },
  { unit: '842', dossier: 'E2E-002', part: 'ho-so', file: 'to-khai.jpg', page: 4 },
];

/** Writes the inbox under `root` (A5 pages, few lines, so OCR stays quick) and returns the file paths. */
export async function makeInbox(root: string, files: InboxFile[] = SMALL_INBOX): Promise<string[]> {
  const out: string[] = [];
  for (const [i, f] of files.entries()) {
    const dir = path.join(root, f.unit, f.dossier, f.part);
    mkdirSync(dir, { recursive: true });
    const jpeg = f.file.endsWith('.jpg');
    const r = await renderPage({ page: f.page, dpi: i % 2 ? 200 : 300, format: jpeg ? 'jpeg' : 'png', bodyLines: 4, rotateDeg: i % 3 === 0 ? 0.6 : -0.4 });
    const p = path.join(dir, f.file);
    writeFileSync(p, r.image);
    out.push(p);
  }
  return out;
}
