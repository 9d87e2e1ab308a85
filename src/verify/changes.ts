import { PdfDict, PdfRef, PdfStream, changedKeys, sameValue, type PdfValue } from './pdf/objects.js';
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
  detail: string;
  object?: number;
  page?: number;
}

export interface ChangeReport {
  /** Disallowed changes after the signed revision; empty means only PAdES-permitted additions. */
  changes: Change[];
  /** What was added that PAdES permits (signatures, timestamps, DSS), for the report. */
  permitted: string[];
}

const CATALOG_ALLOWED = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'Perms', 'Version']);
const ACROFORM_ALLOWED = new Set(['Fields', 'SigFlags', 'DR', 'DA']);
const SIGFIELD_ALLOWED = new Set(['V', 'AP', 'F', 'MK', 'DA', 'AS', 'Lock', 'SV']);

function refs(v: PdfValue | undefined, f: PdfFile): PdfRef[] {
  const r = f.resolve(v);
  return Array.isArray(r) ? r.filter((x): x is PdfRef => x instanceof PdfRef) : v instanceof PdfRef && !Array.isArray(r) ? [v] : [];
}

function isSigField(f: PdfFile, ref: PdfRef): boolean {
  let d = f.dict(ref);
  for (let i = 0; d && i < 16; i++) {
    if (d.nameOf('FT') === 'Sig') return true;
    d = f.dict(d.get('Parent'));
  }
  return false;
}

/** The field (or the parent field of this widget) has a value, i.e. a signature dictionary. */
function fieldHasValue(f: PdfFile, ref: PdfRef): boolean {
  let d = f.dict(ref);
  for (let i = 0; d && i < 16; i++) {
    if (d.has('V')) return true;
    d = f.dict(d.get('Parent'));
  }
  return false;
}

/** Every object reachable from `v` (used for the DSS and signature appearances, which may change freely). */
function reachable(f: PdfFile, v: PdfValue | undefined, into: Set<number>, depth = 0): void {
  if (depth > 200) return;
  if (v instanceof PdfRef) {
    if (into.has(v.num)) return;
    into.add(v.num);
    reachable(f, f.tryGet(v.num), into, depth + 1);
  } else if (Array.isArray(v)) for (const x of v) reachable(f, x, into, depth + 1);
  else if (v instanceof PdfDict) for (const x of v.map.values()) reachable(f, x, into, depth + 1);
  else if (v instanceof PdfStream) reachable(f, v.dict, into, depth + 1);
}

function sameLocation(a: PdfFile, b: PdfFile, n: number): boolean {
  const x = a.entries.get(n);
  const y = b.entries.get(n);
  if (!x || !y || x.kind !== y.kind) return false;
  if (x.kind === 'offset' && y.kind === 'offset') return x.offset === y.offset;
  if (x.kind === 'compressed' && y.kind === 'compressed') return x.stream === y.stream && sameLocation(a, b, x.stream);
  return x.kind === 'free';
}

/**
 * True when `b` (in file `fb`) keeps every entry of `a` (in `fa`) with the same meaning,
 * following references: a resource dictionary rewritten or extended, not altered.
 */
function extends_(fa: PdfFile, a: PdfValue | undefined, fb: PdfFile, b: PdfValue | undefined, depth: number): boolean {
  if (depth > 32) return false;
  if (a instanceof PdfRef && b instanceof PdfRef && a.num === b.num && sameLocation(fa, fb, a.num)) return true;
  const x = fa.resolve(a);
  const y = fb.resolve(b);
  if (x instanceof PdfDict && y instanceof PdfDict) {
    for (const [k, v] of x.map) if (!extends_(fa, v, fb, y.get(k), depth + 1)) return false;
    return true;
  }
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => extends_(fa, v, fb, y[i], depth + 1));
  if (x instanceof PdfStream || y instanceof PdfStream) return sameValue(x, y);
  return sameValue(x, y);
}

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
    out.changes.push({ kind: 'unparsed-bytes', detail: `${tail.length} bytes after the signed revision are not a valid incremental update` });
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
      out.changes.push({ kind: 'object-deleted', object: n, detail: `object ${n} was deleted after signing` });
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
      if (!known.has(p.num)) note({ kind: 'new-page', object: p.num, page: i + 1, detail: `page ${i + 1} (object ${p.num}) was added after signing` });
    });
  } else if (pagesAfter.length < pagesBefore.length) {
    note({ kind: 'page-changed', detail: `${pagesBefore.length - pagesAfter.length} page(s) were removed after signing` });
  } else {
    pagesAfter.forEach((p, i) => {
      if (p.num !== pagesBefore[i]!.num) note({ kind: 'page-changed', page: i + 1, detail: `page ${i + 1} was replaced by object ${p.num}` });
    });
  }

  const checkList = (kind: ChangeKind, what: string, oldV: PdfValue | undefined, newV: PdfValue | undefined, where: string) => {
    const o = refs(oldV, before).map((r) => r.num);
    const nw = refs(newV, after);
    for (const n of o) if (!nw.some((r) => r.num === n)) note({ kind, object: n, detail: `${what} ${n} was removed from ${where}` });
    for (const r of nw) {
      if (o.includes(r.num)) continue;
      if (added.has(r.num) && isSigField(after, r)) addedSigField(r, where);
      else note({ kind, object: r.num, detail: `${what} ${r.num} was added to ${where}` });
    }
  };

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
        else if (!CATALOG_ALLOWED.has(k)) note({ kind: k === 'Pages' ? 'page-changed' : 'object-overridden', object: n, detail: `catalog entry /${k} was changed after signing` });
      }
      continue;
    }
    if (acro instanceof PdfRef && n === acro.num) {
      checkAcroForm(db, da);
      continue;
    }
    if (fieldsV instanceof PdfRef && n === fieldsV.num) {
      checkList('form-changed', 'form field', vb, va, 'the form');
      continue;
    }
    const page = pageIndex.get(n);
    if (page !== undefined && da && db) {
      for (const k of changedKeys(db, da)) {
        if (k === 'Annots') checkList('annotation-changed', 'annotation', db.get('Annots'), da.get('Annots'), `page ${page}`);
        else if (k === 'Contents') note({ kind: 'content-changed', object: n, page, detail: `the content of page ${page} was replaced after signing` });
        else if (k === 'Resources' && extends_(before, db.get(k), after, da.get(k), 0)) out.permitted.push(`page ${page} resources kept`);
        else note({ kind: 'page-changed', object: n, page, detail: `page ${page} entry /${k} was changed after signing` });
      }
      continue;
    }
    if (annotsArrayOf.has(n)) {
      checkList('annotation-changed', 'annotation', vb, va, `page ${annotsArrayOf.get(n)}`);
      continue;
    }
    if (contentOf.has(n)) {
      note({ kind: 'content-changed', object: n, page: contentOf.get(n), detail: `content stream ${n} of page ${contentOf.get(n)} was changed after signing` });
      continue;
    }
    if (da && db && isSigField(before, new PdfRef(n, 0)) && !db.has('V')) {
      const bad = changedKeys(db, da).filter((k) => !SIGFIELD_ALLOWED.has(k));
      // Still unsigned but now painted: an overlay, not a signature.
      if (!da.has('V') && fieldIsVisible(after, new PdfRef(n, 0))) bad.push('AP');
      if (bad.length === 0) {
        out.permitted.push(`empty signature field ${n} was signed`);
        continue;
      }
    }
    if (annotOf.has(n)) {
      note({ kind: 'annotation-changed', object: n, page: annotOf.get(n), detail: `annotation ${n} on page ${annotOf.get(n)} was changed after signing` });
      continue;
    }
    if (pageTree.has(n)) {
      note({ kind: 'page-changed', object: n, detail: `page tree node ${n} was changed after signing` });
      continue;
    }
    note({ kind: 'object-overridden', object: n, detail: `object ${n}${typeA ? ` (/${typeA})` : ''} was overridden after signing` });
  }
  for (const n of added) {
    const d = after.dict(new PdfRef(n, 0));
    if (d?.nameOf('Type') === 'Sig') out.permitted.push(`signature ${n} added`);
    if (d?.nameOf('Type') === 'DocTimeStamp') out.permitted.push(`document timestamp ${n} added`);
    if (d?.nameOf('Type') === 'DSS') out.permitted.push('validation data (DSS) added');
  }
  if (rules.docMdp === 3) permitAnnotations();
  return out;

  /**
   * A new signature field: permitted when it carries a signature (checked on its own), or when
   * it is empty and paints nothing over the page. An empty field with a visible appearance is
   * a way to draw over signed content (issue 12, case 1).
   */
  function addedSigField(r: PdfRef, where: string): void {
    if (fieldHasValue(after, r)) out.permitted.push(`signature field ${r.num} added to ${where}`);
    else if (fieldIsVisible(after, r)) {
      note({ kind: 'form-changed', object: r.num, detail: `empty signature field ${r.num} added to ${where} with a visible appearance over the page (it can hide or forge signed content)` });
    } else {
      out.permitted.push(`invisible empty signature field ${r.num} added to ${where}`);
    }
  }

  /** DocMDP P=3 permits creating, changing and deleting annotations, but not form widgets. */
  function permitAnnotations(): void {
    out.changes = out.changes.filter((c) => {
      if (c.kind !== 'annotation-changed' || c.object === undefined) return true;
      const ref = new PdfRef(c.object, 0);
      const sub = after.dict(ref)?.nameOf('Subtype') ?? before.dict(ref)?.nameOf('Subtype');
      if (sub === 'Widget') return true;
      out.permitted.push(`${c.detail} (DocMDP P=3 permits annotations)`);
      return false;
    });
  }

  function checkAcroForm(db: PdfDict | undefined, da: PdfDict | undefined): void {
    if (!da) {
      note({ kind: 'form-changed', detail: 'the form (AcroForm) was removed after signing' });
      return;
    }
    const keys = db ? changedKeys(db, da) : [...da.map.keys()];
    for (const k of keys) {
      if (k === 'Fields') checkList('form-changed', 'form field', db?.get('Fields'), da.get('Fields'), 'the form');
      else if (!ACROFORM_ALLOWED.has(k)) note({ kind: 'form-changed', detail: `form entry /${k} was changed after signing` });
    }
  }
}
