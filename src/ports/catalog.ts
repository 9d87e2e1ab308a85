import type { DocumentStore } from './document-store.js';
import type { Unit } from '../domain/units.js';
import type { Figures } from '../domain/rates.js';
import type { Level } from '../config/schema.js';
import type { ArchiveStore } from './archive-catalog.js';
import type { ClassificationStore } from './classification-catalog.js';
import type { SearchIndex } from './search-index.js';

export type NewUnit = Omit<Unit, 'id'>;

export interface UnitMapping {
  oldId: number;
  newId: number;
  effective: string;
}

export interface UnitStore {
  /** Inserts or updates by (code, validFrom). */
  upsert(unit: NewUnit): { id: number; created: boolean };
  all(): Unit[];
  versions(code: string): Unit[];
  /** Ends the validity of a unit version (exclusive end date). */
  endValidity(id: number, validTo: string): void;
  addMapping(m: UnitMapping): void;
  mappings(): UnitMapping[];
}

export interface DossierRow {
  code: string;
  procedureCode: string | null;
  unitId: number;
  unitCode: string;
  agency: string | null;
  receivedDate: string;
  resolvedDate: string | null;
  componentsDigitized: boolean;
  resultDigitized: boolean;
}

export interface DateFilter {
  from?: string;
  to?: string;
}

/** Own figures of one unit version: dossiers it received itself. */
export interface UnitFigures extends Figures {
  unitId: number;
}

export type DossierPart = 'ho-so' | 'ket-qua';

export interface DossierStore {
  /** Upserts by dossier code; keeps what sohoa itself recorded (sohoa_* columns). */
  upsert(row: DossierRow): 'inserted' | 'updated';
  /** The bulk path of upsert: no existence check (callers count before and after). */
  put(row: DossierRow): void;
  get(code: string): DossierRow | undefined;
  /** Creates a dossier seen only in scans, so its digitization still counts. */
  ensureFromScan(code: string, unitId: number | null, unitCode: string, receivedDate: string | null): void;
  /** sohoa digitized and archived this part of the dossier. */
  markDigitized(code: string, part: DossierPart): void;
  markSigned(code: string): void;
  markArchived(code: string): void;
  count(): number;
  /** Earliest and latest received date within the filter; undefined when there are none. */
  receivedRange(filter: DateFilter): { min: string; max: string } | undefined;
  /** Own figures per unit, aggregated in SQL. */
  figuresByUnit(filter: DateFilter): UnitFigures[];
}

export interface RunRecord {
  id: number;
  command: string;
  pid: number | null;
  startedAt: string;
  finishedAt: string | null;
  exitCode: number | null;
  summary: unknown;
}

export interface RunStore {
  start(command: string, pid: number): number;
  finish(id: number, exitCode: number, summary: unknown): void;
  recent(limit: number): RunRecord[];
}

/** The catalog: the state of every unit, dossier, input, document, page and run. */
export interface Catalog {
  readonly units: UnitStore;
  readonly dossiers: DossierStore;
  readonly runs: RunStore;
  readonly documents: DocumentStore;
  readonly archive: ArchiveStore;
  readonly classifications: ClassificationStore;
  /** Full-text search; optional so that a catalog without it still works (nothing is indexed). */
  readonly search?: SearchIndex;
  /** Runs fn in one transaction (synchronous). */
  transaction<T>(fn: () => T): T;
  /** Manual transaction control, for streaming imports that await between rows. */
  begin(): void;
  commit(): void;
  rollback(): void;
  schemaVersion(): number;
  close(): void;
}

export type { Level };
