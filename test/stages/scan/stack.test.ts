import { mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteCatalog } from '../../../src/adapters/sqlite/catalog.js';
import type { SqlCatalog } from '../../../src/adapters/sql/catalog.js';
import { scanSchema } from '../../../src/config/schema.js';
import { discoverLayout, ingestInbox } from '../../../src/stages/ingest/index.js';
import { assignPages, listUnassigned } from '../../../src/stages/scan/assign.js';
import { fileStack, splitRules, type PageSource } from '../../../src/stages/scan/index.js';
import { raw } from '../../../src/stages/scan/inspect.js';
import { barcodePage, stackPdf, stackTiff } from '../../fixtures-gen/barcode-pages.js';
import { tempDir } from '../../helpers/cli.js';

const A = '29236-2022-0000152';
const B = '29236-2022-0000153';
const C = '29236-2022-0000154';
type Page = Awaited<ReturnType<typeof barcodePage>>;
let stack: Page[];

/**
 * A 3-dossier stack as a clerk feeds it: a stray page with no dossier, A's receipt (Code 128),
 * a form, the result marker (QR), A's result; B's receipt at 200 dpi right after, a form;
 * C's receipt as a QR fed sideways, a form.
 */
beforeAll(async () => {
  stack = [
    await barcodePage({ page: 1 }),
    await barcodePage({ code: A, page: 2 }),
    await barcodePage({ page: 3 }),
    await barcodePage({ code: 'KET-QUA', symbology: 'qrcode', page: 4 }),
    await barcodePage({ page: 5 }),
    await barcodePage({ code: B, page: 6, skewDeg: 2 }),
    await barcodePage({ page: 7 }),
    await barcodePage({ code: C, symbology: 'qrcode', page: 8 }),
    await barcodePage({ page: 9 }),
  ];
}, 120_000);

const sources = (pages: Page[]): PageSource[] =>
  pages.map((p, i) => ({ no: i + 1, ext: 'png', pixels: async () => ({ img: await raw(sharp(p.png)), dpi: 300 }), bytes: async () => p.png }));

const EXPECTED = [
  `${A}/ho-so: 2,3`,
  `${A}/ket-qua: 5`,
  `${B}/ho-so: 6,7`,
  `${C}/ho-so: 8,9`,
];

function layout(inbox: string, unit: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(path.join(inbox, unit)).filter((n) => !n.startsWith('_')).sort()) {
    for (const part of readdirSync(path.join(inbox, unit, d)).sort()) {
      const pages = readdirSync(path.join(inbox, unit, d, part)).map((f) => Number(/_p(\d+)\./.exec(f)![1]));
      out.push(`${d}/${part}: ${pages.sort((x, y) => x - y).join(',')}`);
    }
  }
  return out;
}

let catalog: SqlCatalog | undefined;
afterEach(() => catalog?.close());

describe('a 3-dossier stack split by barcode', () => {
  it('lands in the right dossiers and parts; the stray first page is held, the marker counted as dropped', async () => {
    const inbox = path.join(tempDir('sohoa-split-'), 'inbox');
    const r = await fileStack(sources(stack), {
      inbox, unit: '29236', stem: 'scan-test', split: true, rules: splitRules(scanSchema.parse({})), formats: ['Code128', 'QRCode'],
      start: { part: 'ho-so' }, dropBlankBacksides: true,
    });
    expect(layout(inbox, '29236')).toEqual(EXPECTED);
    expect(r.dossiers).toEqual([A, B, C]);
    expect(r.held.map((h) => h.page)).toEqual([1]);
    expect(r.dropped).toEqual([{ page: 4, why: 'result-marker', codes: ['KET-QUA'] }]);
    expect(r.filed.length + r.held.length + r.dropped.length).toBe(stack.length); // nothing lost
    // Ingest sees one document per dossier and part, pages in order; the held page waits for a dossier.
    const found = await discoverLayout(inbox);
    expect(found.documents.map((d) => `${d.dossierCode}/${d.part}:${d.files.length}`)).toEqual([`${A}/ho-so:2`, `${A}/ket-qua:1`, `${B}/ho-so:2`, `${C}/ho-so:2`]);
    expect(found.ignored.map((i) => i.reason)).toEqual([expect.stringMatching(/needs a dossier/)]);
    // The held page is assigned by name and joins the dossier as page 1 of the same document.
    const held = await listUnassigned(inbox);
    expect(held.map((h) => path.basename(h.file))).toEqual(['scan-test_p0001.png']);
    await assignPages(inbox, ['scan-test_p0001.png'], A, 'ho-so');
    expect(layout(inbox, '29236')[0]).toBe(`${A}/ho-so: 1,2,3`);
    expect(await listUnassigned(inbox)).toEqual([]);
  }, 120_000);

  it('ingest splits a multi-page PDF and a multi-page TIFF dropped in INBOX/<unit>/_stack/, once, leaving them untouched', async () => {
    const root = tempDir('sohoa-stack-');
    const inbox = path.join(root, 'inbox');
    mkdirSync(path.join(inbox, '29236', '_stack'), { recursive: true });
    mkdirSync(path.join(inbox, '842', '_stack'), { recursive: true });
    const pdf = path.join(inbox, '29236', '_stack', 'may-quet 01.pdf');
    writeFileSync(pdf, await stackPdf(stack));
    const tif = path.join(inbox, '842', '_stack', 'lo2.tif');
    writeFileSync(tif, await stackTiff([await barcodePage({ code: '842-2022-0000002', symbology: 'qrcode', dpi: 200 }), await barcodePage({ page: 3, dpi: 200 })], 200));
    const old = Date.now() / 1000 - 3600;
    for (const f of [pdf, tif]) utimesSync(f, old, old);
    const before = [readFileSync(pdf), readFileSync(tif)];
    catalog = openSqliteCatalog(path.join(root, 'ws'));
    const res = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(res.rejected).toEqual([]);
    expect(res.stacks.map((s) => [path.basename(s.file), s.dossiers])).toEqual([
      ['may-quet 01.pdf', [A, B, C]],
      ['lo2.tif', ['842-2022-0000002']],
    ]);
    expect(layout(inbox, '29236')).toEqual(EXPECTED);
    // Pages are backdated to the stack's time, so this same ingest registers them.
    expect(res.registered.map((d) => `${d.dossierCode}/${d.part}:${d.pages}`).sort()).toEqual(
      [`${A}/ho-so:2`, `${A}/ket-qua:1`, `${B}/ho-so:2`, `${C}/ho-so:2`, '842-2022-0000002/ho-so:2'].sort(),
    );
    expect(readFileSync(pdf).equals(before[0]!) && readFileSync(tif).equals(before[1]!)).toBe(true);
    expect(existsSync(path.join(inbox, '29236', '_unassigned', `may-quet-01-${res.stacks[0]!.sha256.slice(0, 8)}_p0001.pdf`))).toBe(true);
    // A second ingest splits nothing again and registers nothing new.
    const again = await ingestInbox(catalog, inbox, { settleSeconds: 30 });
    expect(again.stacks).toEqual([]);
    expect(again.registered).toEqual([]);
  }, 180_000);
});
