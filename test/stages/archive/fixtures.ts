import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import type { ArchiveInput } from '../../../src/stages/archive/index.js';

/** A PDF-looking file of about `kb` KB with random content. */
export function fakePdf(dir: string, name: string, kb = 40): string {
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(kb * 1024), Buffer.from('\n%%EOF\n')]));
  return file;
}

export function inputFor(file: string, over: Partial<ArchiveInput> = {}): ArchiveInput {
  const uid = path.basename(file, '.pdf');
  return {
    uid,
    dossierCode: 'H59.22-240101-0001',
    unitCode: '29236',
    part: 'ket-qua',
    year: 2024,
    docType: 'decision',
    pdfPath: file,
    metadata: { TypeName: 'Quyết định', CodeNumber: '12', CodeNotation: 'QĐ-UBND', IssuedDate: '2024-01-05', Language: 'vi' },
    pageCount: 2,
    ocrConfidence: 0.91,
    signature: { signed: true, signer: 'UBND Phường 4', coversWholeFile: true },
    sources: [{ name: 'scan-1.tif', sha256: 'a'.repeat(64) }, { name: 'scan-2.tif', sha256: 'b'.repeat(64) }],
    ...over,
  };
}

/** A document row and its dossier, as the earlier stages would have left them. */
export function seedDocument(catalog: SqlCatalog, uid: string, dossier = 'H59.22-240101-0001', part = 'ket-qua'): void {
  const now = new Date().toISOString();
  catalog.dossiers.ensureFromScan(dossier, null, '29236', '2024-01-01');
  catalog.db
    .prepare(`INSERT INTO documents (uid, dossier_code, unit_code, part, name, stage, status, created_at, updated_at)
              VALUES (?, ?, '29236', ?, ?, 'signed', 'pending', ?, ?)`)
    .run(uid, dossier, part, uid, now, now);
}
