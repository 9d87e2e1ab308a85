import type { Level } from '../../config/schema.js';
import type { Unit } from '../../domain/units.js';
import type { NewUnit, UnitMapping, UnitStore } from '../../ports/catalog.js';
import type { SqlDb } from './db.js';

interface UnitRow {
  id: number;
  code: string;
  name: string;
  type: string | null;
  level: Level;
  parent_code: string | null;
  valid_from: string;
  valid_to: string;
}

const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  code: r.code,
  name: r.name,
  type: r.type,
  level: r.level,
  parentCode: r.parent_code,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

export class SqlUnitStore implements UnitStore {
  private readonly find;
  private readonly insert;
  private readonly update;

  constructor(private readonly db: SqlDb) {
    this.find = db.prepare('SELECT id FROM units WHERE code = ? AND valid_from = ?');
    this.insert = db.prepare(
      'INSERT INTO units (code, name, type, level, parent_code, valid_from, valid_to) VALUES (@code, @name, @type, @level, @parentCode, @validFrom, @validTo) RETURNING id',
    ).pluck();
    this.update = db.prepare(
      'UPDATE units SET name = @name, type = @type, level = @level, parent_code = @parentCode, valid_to = @validTo WHERE id = @id',
    );
  }

  upsert(unit: NewUnit): { id: number; created: boolean } {
    const hit = this.find.get(unit.code, unit.validFrom) as { id: number } | undefined;
    if (hit) {
      this.update.run({ ...unit, id: hit.id });
      return { id: hit.id, created: false };
    }
    return { id: Number(this.insert.get(unit)), created: true };
  }

  all(): Unit[] {
    return (this.db.prepare('SELECT * FROM units ORDER BY code, valid_from').all() as UnitRow[]).map(toUnit);
  }

  versions(code: string): Unit[] {
    return (this.db.prepare('SELECT * FROM units WHERE code = ? ORDER BY valid_from').all(code) as UnitRow[]).map(toUnit);
  }

  endValidity(id: number, validTo: string): void {
    this.db.prepare('UPDATE units SET valid_to = ? WHERE id = ?').run(validTo, id);
  }

  addMapping(m: UnitMapping): void {
    this.db
      .prepare(
        'INSERT INTO unit_map (old_id, new_id, effective) VALUES (?, ?, ?) ON CONFLICT (old_id, effective) DO UPDATE SET new_id = excluded.new_id',
      )
      .run(m.oldId, m.newId, m.effective);
  }

  mappings(): UnitMapping[] {
    return this.db
      .prepare('SELECT old_id AS "oldId", new_id AS "newId", effective FROM unit_map ORDER BY effective')
      .all() as UnitMapping[];
  }
}
