/** Units (with validity dates, so old and new structures coexist), the unit mapping, dossiers and runs. */
export default `
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT,
  level TEXT NOT NULL CHECK (level IN ('province','district','commune')),
  parent_code TEXT,
  valid_from TEXT NOT NULL DEFAULT '0000-01-01',
  valid_to TEXT NOT NULL DEFAULT '9999-12-31',
  UNIQUE (code, valid_from)
);
CREATE INDEX units_code ON units(code);

-- old unit -> new unit from a reorganisation's effective date
CREATE TABLE unit_map (
  old_id INTEGER NOT NULL REFERENCES units(id),
  new_id INTEGER NOT NULL REFERENCES units(id),
  effective TEXT NOT NULL,
  PRIMARY KEY (old_id, effective)
);

-- One row per received dossier. components_digitized/result_digitized are the one-stop
-- system's own flags; sohoa_* are set by sohoa's pipeline. src/domain/digitized.ts combines them.
-- WITHOUT ROWID: keyed by code alone, one B-tree fewer to maintain on a million-row import.
CREATE TABLE dossiers (
  code TEXT PRIMARY KEY,
  procedure_code TEXT,
  unit_id INTEGER REFERENCES units(id),
  unit_code TEXT NOT NULL,
  agency TEXT,
  received_date TEXT,
  resolved_date TEXT,
  components_digitized INTEGER NOT NULL DEFAULT 0,
  result_digitized INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'register',
  sohoa_components INTEGER NOT NULL DEFAULT 0,
  sohoa_result INTEGER NOT NULL DEFAULT 0,
  sohoa_signed INTEGER NOT NULL DEFAULT 0,
  sohoa_archived INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT
) WITHOUT ROWID;
-- Covering index: reports aggregate a million dossiers from the index alone, in unit order.
CREATE INDEX dossiers_report ON dossiers(unit_id, received_date, resolved_date, components_digitized, result_digitized,
  sohoa_components, sohoa_result, sohoa_signed, sohoa_archived);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  pid INTEGER,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  exit_code INTEGER,
  summary TEXT
);
`;
