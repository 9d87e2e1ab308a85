import { SQL } from '../../domain/digitized.js';
import type { DateFilter, DossierPart, DossierRow, DossierStore, UnitFigures } from '../../ports/catalog.js';
import type { SqlDb } from './db.js';

export class SqlDossierStore implements DossierStore {
  private readonly exists;
  private readonly upsertStmt;

  constructor(private readonly db: SqlDb) {
    this.exists = db.prepare('SELECT 1 FROM dossiers WHERE code = ?').pluck();
    this.upsertStmt = db.prepare(`
      INSERT INTO dossiers (code, procedure_code, unit_id, unit_code, agency, received_date, resolved_date,
                            components_digitized, result_digitized, source, updated_at)
      VALUES (@code, @procedureCode, @unitId, @unitCode, @agency, @receivedDate, @resolvedDate,
              @componentsDigitized, @resultDigitized, 'register', @now)
      ON CONFLICT (code) DO UPDATE SET
        procedure_code = excluded.procedure_code, unit_id = excluded.unit_id, unit_code = excluded.unit_code,
        agency = excluded.agency, received_date = excluded.received_date, resolved_date = excluded.resolved_date,
        components_digitized = excluded.components_digitized, result_digitized = excluded.result_digitized,
        source = 'register', updated_at = excluded.updated_at`);
  }

  upsert(row: DossierRow): 'inserted' | 'updated' {
    const existed = this.exists.get(row.code) !== undefined;
    this.put(row);
    return existed ? 'updated' : 'inserted';
  }

  put(row: DossierRow): void {
    this.upsertStmt.run({
      ...row,
      componentsDigitized: row.componentsDigitized ? 1 : 0,
      resultDigitized: row.resultDigitized ? 1 : 0,
      now: this.stamp(),
    });
  }

  private stampAt = 0;
  private stampText = '';
  /** The current time, formatted at most once a second (a bulk import calls this a million times). */
  private stamp(): string {
    const now = Date.now();
    if (now - this.stampAt >= 1000) {
      this.stampAt = now;
      this.stampText = new Date(now).toISOString();
    }
    return this.stampText;
  }

  get(code: string): DossierRow | undefined {
    const r = this.db.prepare('SELECT * FROM dossiers WHERE code = ?').get(code) as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      code: r.code as string,
      procedureCode: (r.procedure_code as string | null) ?? null,
      unitId: r.unit_id as number,
      unitCode: r.unit_code as string,
      agency: (r.agency as string | null) ?? null,
      receivedDate: r.received_date as string,
      resolvedDate: (r.resolved_date as string | null) ?? null,
      componentsDigitized: r.components_digitized === 1,
      resultDigitized: r.result_digitized === 1,
    };
  }

  ensureFromScan(code: string, unitId: number | null, unitCode: string, receivedDate: string | null): void {
    this.db
      .prepare(
        `INSERT INTO dossiers (code, unit_id, unit_code, received_date, source, updated_at)
         VALUES (?, ?, ?, ?, 'scan', ?) ON CONFLICT (code) DO NOTHING`,
      )
      .run(code, unitId, unitCode, receivedDate, new Date().toISOString());
  }

  markDigitized(code: string, part: DossierPart): void {
    const col = part === 'ho-so' ? 'sohoa_components' : 'sohoa_result';
    this.db.prepare(`UPDATE dossiers SET ${col} = 1, updated_at = ? WHERE code = ?`).run(new Date().toISOString(), code);
  }

  markSigned(code: string): void {
    this.db.prepare('UPDATE dossiers SET sohoa_signed = 1 WHERE code = ?').run(code);
  }

  markArchived(code: string): void {
    this.db.prepare('UPDATE dossiers SET sohoa_archived = 1 WHERE code = ?').run(code);
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM dossiers').pluck().get() as number;
  }

  receivedRange(filter: DateFilter): { min: string; max: string } | undefined {
    // One pass over the covering index; a separate date index would slow every import more.
    const { where, params } = dateWhere(filter, false);
    const r = this.db
      .prepare(`SELECT min(d.received_date) AS min, max(d.received_date) AS max FROM dossiers d WHERE ${where}`)
      .get(...params) as { min: string | null; max: string | null };
    const { min, max } = r;
    return min && max ? { min, max } : undefined;
  }

  figuresByUnit(filter: DateFilter): UnitFigures[] {
    const { where, params } = dateWhere(filter);
    return this.db
      .prepare(
        `SELECT d.unit_id AS "unitId",
                count(*) AS received,
                sum(CASE WHEN ${SQL.componentsDigitized} THEN 1 ELSE 0 END) AS "componentsDigitized",
                sum(CASE WHEN ${SQL.resultIssued} THEN 1 ELSE 0 END) AS "resultsIssued",
                sum(CASE WHEN ${SQL.resultDigitized} THEN 1 ELSE 0 END) AS "resultsDigitized",
                sum(CASE WHEN ${SQL.signed} THEN 1 ELSE 0 END) AS signed,
                sum(CASE WHEN ${SQL.archived} THEN 1 ELSE 0 END) AS archived
         FROM dossiers d WHERE ${where} GROUP BY d.unit_id`,
      )
      .all(...params) as UnitFigures[];
  }
}

function dateWhere(filter: DateFilter, knownUnitOnly = true): { where: string; params: string[] } {
  const where: string[] = knownUnitOnly ? ['d.unit_id IS NOT NULL'] : ['d.received_date IS NOT NULL'];
  const params: string[] = [];
  if (filter.from) {
    where.push('d.received_date >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('d.received_date <= ?');
    params.push(filter.to);
  }
  return { where: where.join(' AND '), params };
}
