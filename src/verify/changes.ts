import { PdfDict, PdfRef, PdfStream, changedKeys, sameValue, type PdfValue } from './pdf/objects.js';
import { extends_, fieldHasValue, isSigField, reachable, refs, sameLocation } from './object-graph.js';
import { english, said, type Said } from '../i18n/said.js';
import { PdfFile } from './pdf/file.js';
import { fieldIsVisible } from './visibility.js';

export type ChangeKind =
  | 'new-page'
  | 'page-changed'
  | 'content-changed'
  | 'annotation-changed'
  | 'form-changed'
  | 'object-overridden'
  | 'object-deleted'
  | 'unparsed-bytes';

export interface Change {
  kind: ChangeKind;
  /** English, worded from `detailSaid`. */
  detail: string;
  detailSaid: Said;
  object?: number;
  page?: number;
}

/** A change whose English detail is worded from its catalogue text. */
export function change(kind: ChangeKind, detail: Said, where: { object?: number; page?: number } = {}): Change {
  return { kind, ...where, detail: english(detail), detailSaid: detail };
}

export interface ChangeReport {
  /** Disallowed changes after the signed revision; empty means only PAdES-permitted additions. */
  changes: Change[];
  /** What was added that PAdES permits (signatures, timestamps, DSS), for the report. */
  permitted: Said[];
}

const CATALOG_ALLOWED = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Perms', 'Version']);
const ACROFORM_ALLOWED = new Set(['Fields', 'SigFlags', 'DR', 'DA']);
const SIGFIELD_ALLOWED = new Set(['V', 'AP', 'F', 'MK', 'DA', 'AS', 'Lock', 'SV']);

/**
 * What changed between the revision ending at `signedEnd` and the whole file. Only
 * further signatures, document timestamps, DSS data and the form/annotation entries that
 * attach them are permitted; everything else is reported.
 */
export interface ChangeRules {
  /** DocMDP permission level of the document's certification signature (1–3), if it has one. */
  docMdp?: number;
}

export function analyzeChanges(buf: Buffer, signedEnd: number, rules: ChangeRules = {}): ChangeReport {
  const out: ChangeReport = { changes: [], permitted: [] };
  const tail = buf.subarray(signedEnd);
  if (/^[\s\0]*$/.test(tail.toString('latin1'))) return out;
  const before = PdfFile.open(buf, signedEnd);
  const after = PdfFile.open(buf);
  if (after.repaired || after.startxref < signedEnd) {
    out.changes.push(change('unparsed-bytes', said('verifyChange.notIncremental', { n: tail.length })));
    if (after.repaired) return out;
  }
  const changed: number[] = [];
  const added = new Set<number>();
  for (const n of new Set([...after.entries.keys(), ...before.entries.keys()])) {
    if (sameLocation(before, after, n)) continue;
    const va = after.tryGet(n);
    const vb = before.tryGet(n);
    if (vb === undefined || vb === null) {
      if (va !== undefined && va !== null) added.add(n);
      continue;
    }
    if (va === undefined || va === null) {
      out.changes.push(change('object-deleted', said('verifyChange.deleted', { object: n }), { object: n }));
      continue;
    }
    if (!sameValue(va, vb)) changed.push(n);
  }

  // Roles of the objects in the signed revision.
  const pagesBefore = before.pages();
  const pagesAfter = after.pages();
  const pageIndex = new Map(pagesBefore.map((r, i) => [r.num, i + 1]));
  const contentOf = new Map<number, number>();
  const annotOf = new Map<number, number>();
  const annotsArrayOf = new Map<number, number>();
  pagesBefore.forEach((p, i) => {
    const d = before.dict(p);
    for (const c of refs(d?.get('Contents'), before)) contentOf.set(c.num, i + 1);
    const a = d?.get('Annots');
    if (a instanceof PdfRef) annotsArrayOf.set(a.num, i + 1);
    for (const x of refs(a, before)) annotOf.set(x.num, i + 1);
  });
  const pageTree = new Set<number>();
  const walkTree = (v: PdfValue | undefined, depth: number) => {
    if (!(v instanceof PdfRef) || pageTree.has(v.num) || pageIndex.has(v.num) || depth > 64) return;
    pageTree.add(v.num);
    for (const k of refs(before.dict(v)?.get('Kids'), before)) walkTree(k, depth + 1);
  };
  const rootRef = before.trailer.get('Root');
  const root = before.root();
  walkTree(root?.get('Pages'), 0);
  const acro = root?.get('AcroForm');
  const fieldsV = before.dict(acro)?.get('Fields');
  const free = new Set<number>();
  const info = before.trailer.get('Info');
  if (info instanceof PdfRef) free.add(info.num);
  const meta = root?.get('Metadata');
  if (meta instanceof PdfRef) free.add(meta.num);
  reachable(before, root?.get('DSS'), free);

  const note = (c: Change) => out.changes.push(c);
  if (pagesAfter.length > pagesBefore.length) {
    const known = new Set(pagesBefore.map((p) => p.num));
    pagesAfter.forEach((p, i) => {
      if (!known.has(p.num)) note(change('new-page', said('verifyChange.pageAdded', { page: i + 1, object: p.num }), { object: p.num, page: i + 1 }));
    });
  } else if (pagesAfter.length < pagesBefore.length) {
    note(change('page-changed', said('verifyChange.pagesRemoved', { n: pagesBefore.length - pagesAfter.length })));
  } else {
    pagesAfter.forEach((p, i) => {
      if (p.num !== pagesBefore[i]!.num) note(change('page-changed', said('verifyChange.pageReplaced', { page: i + 1, object: p.num }), { page: i + 1 }));
    });
  }

  const LIST = {
    'form-changed': ['verifyChange.fieldRemoved', 'verifyChange.fieldAdded'],
    'annotation-changed': ['verifyChange.annotationRemoved', 'verifyChange.annotationAdded'],
  } as const;
  const checkList = (kind: keyof typeof LIST, oldV: PdfValue | undefined, newV: PdfValue | undefined, where: Said) => {
    const [removedKey, addedKey] = LIST[kind];
    const o = refs(oldV, before).map((r) => r.num);
    const nw = refs(newV, after);
    for (const n of o) if (!nw.some((r) => r.num === n)) note(change(kind, said(removedKey, { object: n, where }), { object: n }));
    for (const r of nw) {
      if (o.includes(r.num)) continue;
      if (added.has(r.num) && isSigField(after, r)) addedSigField(r, where);
      else note(change(kind, said(addedKey, { object: r.num, where }), { object: r.num }));
    }
  };
  const onPage = (page: number | undefined) => said('verifyChange.where.page', { page });
  const theForm = said('verifyChange.where.form');

  for (const n of changed) {
    const va = after.tryGet(n)!;
    const vb = before.tryGet(n)!;
    const typeA = va instanceof PdfStream ? va.dict.nameOf('Type') : va instanceof PdfDict ? va.nameOf('Type') : undefined;
    if (typeA === 'XRef' || typeA === 'ObjStm' || free.has(n)) continue;
    const da = va instanceof PdfDict ? va : undefined;
    const db = vb instanceof PdfDict ? vb : undefined;
    if (rootRef instanceof PdfRef && n === rootRef.num && da && db) {
      for (const k of changedKeys(db, da)) {
        if (k === 'AcroForm' && !(acro instanceof PdfRef)) checkAcroForm(before.dict(db.get('AcroForm')), after.dict(da.get('AcroForm')));
        else if (!CATALOG_ALLOWED.has(k)) note(change(k === 'Pages' ? 'page-changed' : 'object-overridden', said('verifyChange.catalogEntry', { entry: k }), { object: n }));
      }
      continue;
    }
    if (acro instanceof PdfRef && n === acro.num) {
      checkAcroForm(db, da);
      continue;
    }
    if (fieldsV instanceof PdfRef && n === fieldsV.num) {
      checkList('form-changed', vb, va, theForm);
      continue;
    }
    const page = pageIndex.get(n);
    if (page !== undefined && da && db) {
      for (const k of changedKeys(db, da)) {
        if (k === 'Annots') checkList('annotation-changed', db.get('Annots'), da.get('Annots'), onPage(page));
        else if (k === 'Contents') note(change('content-changed', said('verifyChange.pageContent', { page }), { object: n, page }));
        else if (k === 'Resources' && extends_(before, db.get(k), after, da.get(k), 0)) out.permitted.push(said('verifyChange.resourcesKept', { page }));
        else note(change('page-changed', said('verifyChange.pageEntry', { page, entry: k }), { object: n, page }));
      }
      continue;
    }
    if (annotsArrayOf.has(n)) {
      checkList('annotation-changed', vb, va, onPage(annotsArrayOf.get(n)));
      continue;
    }
    if (contentOf.has(n)) {
      note(change('content-changed', said('verifyChange.contentStream', { object: n, page: contentOf.get(n) }), { object: n, page: contentOf.get(n) }));
      continue;
    }
    if (da && db && isSigField(before, new PdfRef(n, 0)) && !db.has('V')) {
      const bad = changedKeys(db, da).filter((k) => !SIGFIELD_ALLOWED.has(k));
      // Still unsigned but now painted: an overlay, not a signature.
      if (!da.has('V') && fieldIsVisible(after, new PdfRef(n, 0))) bad.push('AP');
      if (bad.length === 0) {
        out.permitted.push(said('verifyChange.emptyFieldSigned', { object: n }));
        continue;
      }
    }
    if (annotOf.has(n)) {
      note(change('annotation-changed', said('verifyChange.annotation', { object: n, page: annotOf.get(n) }), { object: n, page: annotOf.get(n) }));
      continue;
    }
    if (pageTree.has(n)) {
      note(change('page-changed', said('verifyChange.pageTree', { object: n }), { object: n }));
      continue;
    }
    note(change('object-overridden', typeA ? said('verifyChange.overriddenTyped', { object: n, type: typeA }) : said('verifyChange.overridden', { object: n }), { object: n }));
  }
  for (const n of added) {
    const d = after.dict(new PdfRef(n, 0));
    if (d?.nameOf('Type') === 'Sig') out.permitted.push(said('verifyChange.signatureAdded', { object: n }));
    if (d?.nameOf('Type') === 'DocTimeStamp') out.permitted.push(said('verifyChange.timestampAdded', { object: n }));
    if (d?.nameOf('Type') === 'DSS') out.permitted.push(said('verifyChange.dssAdded'));
  }
  if (rules.docMdp === 3) permitAnnotations();
  return out;

  /**
   * A new signature field: permitted when it carries a signature (checked on its own), or when
   * it is empty and paints nothing over the page. An empty field with a visible appearance is
   * a way to draw over signed content (issue 12, case 1).
   */
  function addedSigField(r: PdfRef, where: Said): void {
    if (fieldHasValue(after, r)) out.permitted.push(said('verifyChange.signedFieldAdded', { object: r.num, where }));
    else if (fieldIsVisible(after, r)) note(change('form-changed', said('verifyChange.visibleEmptyField', { object: r.num, where }), { object: r.num }));
    else out.permitted.push(said('verifyChange.invisibleFieldAdded', { object: r.num, where }));
  }

  /** DocMDP P=3 permits creating, changing and deleting annotations, but not form widgets. */
  function permitAnnotations(): void {
    out.changes = out.changes.filter((c) => {
      if (c.kind !== 'annotation-changed' || c.object === undefined) return true;
      const ref = new PdfRef(c.object, 0);
      const sub = after.dict(ref)?.nameOf('Subtype') ?? before.dict(ref)?.nameOf('Subtype');
      if (sub === 'Widget') return true;
      out.permitted.push(said('verifyChange.annotationPermitted', { detail: c.detailSaid }));
      return false;
    });
  }

  function checkAcroForm(db: PdfDict | undefined, da: PdfDict | undefined): void {
    if (!da) {
      note(change('form-changed', said('verifyChange.formRemoved')));
      return;
    }
    const keys = db ? changedKeys(db, da) : [...da.map.keys()];
    for (const k of keys) {
      if (k === 'Fields') checkList('form-changed', db?.get('Fields'), da.get('Fields'), theForm);
      else if (!ACROFORM_ALLOWED.has(k)) note(change('form-changed', said('verifyChange.formEntry', { entry: k })));
    }
  }
}
