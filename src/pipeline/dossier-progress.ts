import type { SqlCatalog } from '../adapters/sql/catalog.js';
import type { DocumentRecord } from '../ports/document-store.js';
import { resolveUnit } from '../domain/units.js';
import { SQL } from '../domain/digitized.js';

/**
 * After a document is archived: the dossier counts as archived, and a part (`ho-so`
 * components or `ket-qua` result) counts as digitized once every one of its documents is
 * archived and at least one of them has a page that is not blank (hasContent). A dossier that is not in the register is created from the scan (received today),
 * so that sohoa's work still shows in the reports. Call inside the archive commit's transaction.
 */
export function recordDossierProgress(catalog: SqlCatalog, doc: DocumentRecord): void {
  if (!doc.dossierCode) return;
  if (!catalog.dossiers.get(doc.dossierCode)) {
    const today = new Date().toISOString().slice(0, 10);
    const unit = doc.unitCode ? resolveUnit(catalog.units.versions(doc.unitCode), today) : undefined;
    catalog.dossiers.ensureFromScan(doc.dossierCode, unit?.id ?? null, doc.unitCode ?? '', today);
  }
  catalog.dossiers.markArchived(doc.dossierCode);
  if (!doc.part) return;
  const unfinished = catalog.db
    .prepare(`SELECT count(*) FROM documents WHERE dossier_code = ? AND part = ? AND id != ? AND stage != 'archived'`)
    .pluck()
    .get(doc.dossierCode, doc.part, doc.id) as number;
  if (unfinished > 0) return;
  const contentPages = catalog.db
    .prepare(
      `SELECT count(*) FROM pages p JOIN documents d ON d.id = p.document_id
       WHERE d.dossier_code = ? AND d.part = ? AND (d.stage = 'archived' OR d.id = ?) AND ${SQL.pageHasContent}`,
    )
    .pluck()
    .get(doc.dossierCode, doc.part, doc.id) as number;
  if (contentPages > 0) catalog.dossiers.markDigitized(doc.dossierCode, doc.part);
}
