import { recordText } from '../../../domain/search-text.js';
import { bySql } from '../db.js';
import type { CopyRun } from './context.js';
import { copyColumns, insertMany, keyOf, selectIn, type Row } from './rows.js';

/** Ids to remap per table: column → the map it goes through. */
type Remap = Record<string, (v: unknown) => number | null>;
const remapped = (cols: readonly string[], r: Row, remap: Remap) => cols.map((c) => (remap[c] ? remap[c]!(r[c]) : r[c]));

/**
 * Documents, keyed on uid, `batchSize` to a transaction with everything that hangs on them: their
 * inputs (keyed on path and SHA-256), document_inputs, pages, page words, events, review decisions
 * and search rows. A document in the target therefore has all of these; one that is not gets all
 * of them on the next copy.
 */
export function copyDocuments(run: CopyRun): void {
  const { source, target } = run;
  const cols = {
    documents: copyColumns(source, target, 'documents', ['id']),
    inputs: copyColumns(source, target, 'inputs', ['id']),
    document_inputs: copyColumns(source, target, 'document_inputs'),
    pages: copyColumns(source, target, 'pages'),
    page_words: copyColumns(source, target, 'page_words'),
    classification_reviews: copyColumns(source, target, 'classification_reviews'),
  };
  for (const docs of run.pages<Row>('documents', 'id', run.batchSize)) run.batch('documents', () => copyDocumentBatch(run, docs, cols));
  fixPreviousVersions(run);
}

function copyDocumentBatch(run: CopyRun, docs: Row[], cols: Record<string, string[]>): void {
  const { source, target, counts } = run;
  const there = new Map(selectIn(target, 'id, uid', 'documents', 'uid', docs.map((d) => d.uid)).map((r) => [r.uid, r.id]));
  for (const d of docs) if (there.has(d.uid)) (run.documents.set(d.id, there.get(d.uid)), counts.documents.existing++);
  const fresh = docs.filter((d) => !there.has(d.uid));
  countExisting(run, docs.filter((d) => there.has(d.uid)).map((d) => d.id));
  if (!fresh.length) return;

  // An earlier version copied in an earlier batch is known now; one in this batch is set just below.
  const made = insertMany(target, 'documents', cols.documents!, fresh.map((d) => remapped(cols.documents!, d, { previous_id: (v) => run.documents.get(v) })), 'id, uid');
  const ids = new Map(made.map((m) => [m.uid, m.id]));
  for (const d of fresh) run.documents.set(d.id, ids.get(d.uid));
  counts.documents.copied += made.length;
  for (const d of fresh) {
    if (d.previous_id === null || !fresh.some((p) => p.id === d.previous_id)) continue;
    target.prepare('UPDATE documents SET previous_id = ? WHERE id = ?').run(run.documents.get(d.previous_id), run.documents.get(d.id));
  }
  const srcIds = fresh.map((d) => d.id);
  const newIds = fresh.map((d) => run.documents.get(d.id));
  const byDoc: Remap = { document_id: (v) => run.documents.get(v) };

  // The target's triggers logged an insert event for each new document; the source's history replaces it.
  const order = bySql(source, 'rowid', 'seq');
  for (let i = 0; i < newIds.length; i += 500) {
    const chunk = newIds.slice(i, i + 500);
    target.prepare(`DELETE FROM document_events WHERE document_id IN (${chunk.map(() => '?').join(', ')})`).run(...chunk);
  }
  const events = srcIds.length ? selectIn(source, `document_id, what, at, ${order} AS o`, 'document_events', 'document_id', srcIds).sort((a, b) => Number(a.o) - Number(b.o)) : [];
  insertMany(target, 'document_events', ['document_id', 'what', 'at'], events.map((e) => remapped(['document_id', 'what', 'at'], e, byDoc)));
  counts.document_events.copied += events.length;

  const links = selectIn(source, '*', 'document_inputs', 'document_id', srcIds);
  copyInputs(run, [...new Set(links.map((l) => Number(l.input_id)))], cols.inputs!);
  insertMany(target, 'document_inputs', cols.document_inputs!, links.map((l) => remapped(cols.document_inputs!, l, { ...byDoc, input_id: (v) => run.inputs.get(v) })));
  counts.document_inputs.copied += links.length;

  const pages = selectIn(source, '*', 'pages', 'document_id', srcIds);
  insertMany(target, 'pages', cols.pages!, pages.map((p) => remapped(cols.pages!, p, byDoc)));
  counts.pages.copied += pages.length;
  for (const table of ['page_words', 'classification_reviews'] as const) {
    const rows = selectIn(source, '*', table, 'document_id', srcIds);
    insertMany(target, table, cols[table]!, rows.map((r) => remapped(cols[table]!, r, byDoc)));
    counts[table].copied += rows.length;
  }

  const search = run.options.targetSearch;
  if (!search) return;
  for (const d of fresh) {
    const id = run.documents.get(d.id)!;
    const text = pages.filter((p) => p.document_id === d.id && p.text !== null).sort((a, b) => Number(a.page_no) - Number(b.page_no));
    search.indexPages(id, text.map((p) => ({ pageNo: Number(p.page_no), text: String(p.text) })));
    search.indexRecord(id, recordText({ name: String(d.name), dossierCode: d.dossier_code as string | null, type: d.doc_type as string | null, metadata: d.metadata }));
    run.indexed++;
  }
}

/** A document the target has came with all of its rows (one transaction): they count as already there. */
function countExisting(run: CopyRun, srcIds: unknown[]): void {
  if (!srcIds.length) return;
  for (const table of ['document_inputs', 'pages', 'page_words', 'document_events', 'classification_reviews'] as const) {
    run.counts[table].existing += selectIn(run.source, 'count(*) AS n', table, 'document_id', srcIds).reduce((sum, r) => sum + Number(r.n), 0);
  }
}

/**
 * Inputs by source id into the target, keyed on (path, sha256): found or inserted, and mapped.
 * An input's first document is the target's copy of it when that is copied already; the inputs
 * pass fills in the rest.
 */
function copyInputs(run: CopyRun, srcIds: number[], cols: string[], rows?: Row[]): void {
  const { source, target, counts } = run;
  const todo = (rows ?? selectIn(source, '*', 'inputs', 'id', srcIds.filter((id) => !run.inputs.has(id)))).filter((r) => !run.inputs.has(r.id));
  if (!todo.length) return;
  const there = new Map(selectIn(target, 'id, path, sha256', 'inputs', 'sha256', [...new Set(todo.map((r) => r.sha256))]).map((t) => [keyOf(t.path, t.sha256), t.id]));
  const fresh: Row[] = [];
  for (const r of todo) {
    const id = there.get(keyOf(r.path, r.sha256));
    if (id === undefined) fresh.push(r);
    else (run.inputs.set(r.id, id), counts.inputs.existing++);
  }
  const made = insertMany(target, 'inputs', cols, fresh.map((r) => remapped(cols, r, { document_id: (v) => run.documents.get(v), duplicate_of: (v) => run.inputs.get(v) })), 'id, path, sha256');
  const ids = new Map(made.map((m) => [keyOf(m.path, m.sha256), m.id]));
  for (const r of fresh) run.inputs.set(r.id, ids.get(keyOf(r.path, r.sha256)));
  counts.inputs.copied += made.length;
}

/**
 * Every input, after the documents: those no document uses (rejected scans) are copied, and an
 * input's first document (document_id) or duplicate_of left empty because its row came first is set.
 */
export function copyLooseInputs(run: CopyRun): void {
  const { source, target } = run;
  const cols = copyColumns(source, target, 'inputs', ['id']);
  for (const rows of run.pages<Row>('inputs', 'id', run.batchSize * 10)) {
    run.batch('inputs', () => {
      copyInputs(run, [], cols, rows);
      const wanted = rows.filter((r) => r.document_id !== null || r.duplicate_of !== null);
      if (!wanted.length) return;
      const now = new Map(selectIn(target, 'id, document_id, duplicate_of', 'inputs', 'id', wanted.map((r) => run.inputs.get(r.id))).map((t) => [Number(t.id), t]));
      for (const r of wanted) {
        const t = now.get(run.inputs.get(r.id)!);
        const doc = run.documents.get(r.document_id);
        const dup = run.inputs.get(r.duplicate_of);
        if (t && t.document_id === null && doc !== null) target.prepare('UPDATE inputs SET document_id = ? WHERE id = ?').run(doc, t.id);
        if (t && t.duplicate_of === null && dup !== null) target.prepare('UPDATE inputs SET duplicate_of = ? WHERE id = ?').run(dup, t.id);
      }
    });
  }
}

/** A new version copied before its earlier one (ids out of order) gets its previous_id now. */
function fixPreviousVersions(run: CopyRun): void {
  const { source, target } = run;
  const versions = source.prepare('SELECT id, previous_id FROM documents WHERE previous_id IS NOT NULL').all() as Row[];
  const want = versions.map((v) => ({ id: run.documents.get(v.id), prev: run.documents.get(v.previous_id) })).filter((v) => v.id !== null && v.prev !== null);
  if (!want.length) return;
  const now = new Map(selectIn(target, 'id, previous_id', 'documents', 'id', want.map((v) => v.id)).map((t) => [Number(t.id), t.previous_id]));
  const fix = want.filter((v) => now.get(v.id!) === null);
  if (!fix.length) return;
  run.batch('documents', () => {
    for (const v of fix) target.prepare('UPDATE documents SET previous_id = ? WHERE id = ?').run(v.prev, v.id);
  });
}
