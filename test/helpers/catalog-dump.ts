import { bySql, type SqlDb } from '../../src/adapters/sql/db.js';

type Row = Record<string, unknown>;

/**
 * A catalog's copied tables with every id replaced by the natural key it stands for (unit code and
 * validity, document uid, input path and SHA-256, audit store, scope and start): two catalogs that
 * hold the same records dump equal whatever ids each gave them, on either engine.
 */
export function dumpCatalog(db: SqlDb): Record<string, string[]> {
  const all = (sql: string) => db.prepare(sql).all() as Row[];
  const units = new Map(all('SELECT id, code, valid_from FROM units').map((r) => [Number(r.id), `${r.code}@${r.valid_from}`]));
  const docs = new Map(all('SELECT id, uid FROM documents').map((r) => [Number(r.id), String(r.uid)]));
  const inputs = new Map(all('SELECT id, path, sha256 FROM inputs').map((r) => [Number(r.id), `${r.path}#${r.sha256}`]));
  const audits = new Map(all('SELECT id, store_url, scope, started_at FROM fixity_audits').map((r) => [Number(r.id), `${r.store_url}|${r.scope}|${r.started_at}`]));
  const via = (m: Map<number, string>) => (v: unknown) => (v === null ? null : m.get(Number(v)) ?? `?${v}`);
  const refs: Record<string, Record<string, (v: unknown) => unknown>> = {
    unit_map: { old_id: via(units), new_id: via(units) },
    dossiers: { unit_id: via(units) },
    documents: { previous_id: via(docs) },
    inputs: { document_id: via(docs), duplicate_of: via(inputs) },
    document_inputs: { document_id: via(docs), input_id: via(inputs) },
    pages: { document_id: via(docs) },
    page_words: { document_id: via(docs) },
    classification_reviews: { document_id: via(docs) },
    archived_objects: { last_audit_id: via(audits) },
    fixity_findings: { audit_id: via(audits) },
  };
  const out: Record<string, string[]> = {};
  for (const table of ['units', 'unit_map', 'dossiers', 'runs', 'fixity_audits', 'fixity_findings', 'documents', 'inputs', 'document_inputs', 'pages', 'page_words', 'classification_reviews', 'archived_objects']) {
    out[table] = all(`SELECT * FROM ${table}`)
      .map((r) => {
        const o: Row = {};
        for (const k of Object.keys(r).sort()) if (k !== 'id') o[k] = refs[table]?.[k] ? refs[table]![k]!(r[k]) : r[k];
        return JSON.stringify(o);
      })
      .sort();
  }
  // Events in their insertion order per document (the order `documents show` lists them).
  out.document_events = all(`SELECT document_id, what, at FROM document_events ORDER BY ${bySql(db, 'rowid', 'seq')}`).map((r) => `${docs.get(Number(r.document_id))} ${r.what} ${r.at}`);
  out.document_events = [...new Set(out.document_events.map((e) => e.split(' ')[0]!))].sort().flatMap((uid) => out.document_events!.filter((e) => e.startsWith(`${uid} `)));
  return out;
}

/** Rows per copied table. */
export function countRows(db: SqlDb): Record<string, number> {
  return Object.fromEntries(Object.entries(dumpCatalog(db)).map(([t, rows]) => [t, rows.length]));
}
