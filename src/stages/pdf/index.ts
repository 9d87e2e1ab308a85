import { createHash, randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { OutputCheckError } from '../../errors.js';
import type { PageOcr } from '../../ports/ocr-engine.js';
import { writeFileAtomic } from '../../util/fs.js';
import { VERSION } from '../../version.js';
import type { PreparedPage } from '../preprocess/types.js';
import { srgbIccProfile } from './icc.js';
import { drawImageOps, embedPageImage, invisibleTextOps } from './page-content.js';
import { xmpPacket, type PdfMeta } from './xmp.js';

export type { PdfMeta } from './xmp.js';

export interface SearchablePdf {
  pdfPath: string;
  txtPath: string;
  /** SHA-256 of the PDF bytes, hex. */
  sha256: string;
  pageCount: number;
  bytes: number;
}

const require = createRequire(import.meta.url);
let fontBytes: Promise<Buffer> | undefined;
/** Tinos (metric-compatible with Times New Roman) has every Vietnamese glyph, so extracted text keeps its Unicode. */
const loadFont = () =>
  (fontBytes ??= fsp.readFile(path.join(path.dirname(require.resolve('@expo-google-fonts/tinos/package.json')), '400Regular', 'Tinos_400Regular.ttf')));

/** The UTF-8 text sidecar: page texts separated by form feeds, like pdftotext. */
export function sidecarText(ocr: PageOcr[]): string {
  return ocr.map((p) => p.text.replace(/\s+$/u, '') + '\n').join('\f');
}

/**
 * One searchable PDF: each page image at its real size (pixels / dpi), the invisible text
 * layer over the word boxes, PDF/A-2b identification (XMP, document info, sRGB output intent),
 * plus a `.txt` sidecar. Both files are written atomically.
 */
export async function buildSearchablePdf(
  pages: PreparedPage[],
  ocr: PageOcr[],
  outPdf: string,
  outTxt: string,
  meta: PdfMeta = {},
): Promise<SearchablePdf> {
  if (ocr.length !== pages.length) throw new OutputCheckError(`Expected OCR for each of ${pages.length} pages of ${outPdf}, got ${ocr.length}`);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await loadFont(), { subset: true });
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i]!;
    const page = doc.addPage([(p.width * 72) / p.dpi, (p.height * 72) / p.dpi]);
    const image = await embedPageImage(doc, p);
    page.pushOperators(...drawImageOps(page, image), ...invisibleTextOps(page, font, ocr[i]!.words, p.dpi));
  }
  addPdfaIdentification(doc, meta);
  const bytes = await doc.save();
  await writeFileAtomic(outPdf, bytes);
  await writeFileAtomic(outTxt, sidecarText(ocr));
  return {
    pdfPath: outPdf,
    txtPath: outTxt,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    pageCount: pages.length,
    bytes: bytes.length,
  };
}

function addPdfaIdentification(doc: PDFDocument, meta: PdfMeta): void {
  const created = meta.creationDate ?? new Date();
  const full = { creatorTool: meta.creatorTool ?? `sohoa ${VERSION}`, producer: meta.producer ?? `sohoa ${VERSION} (pdf-lib)`, ...meta };
  if (meta.title) doc.setTitle(meta.title);
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords?.length) doc.setKeywords(meta.keywords);
  doc.setLanguage(meta.lang ?? 'vi');
  doc.setCreator(full.creatorTool);
  doc.setProducer(full.producer);
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  const id = randomUUID();
  const ctx = doc.context;
  const xmp = ctx.stream(Buffer.from(xmpPacket({ ...full, lang: meta.lang ?? 'vi' }, created, id), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
  const icc = ctx.flateStream(srgbIccProfile(), { N: 3 });
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: ctx.register(icc),
  });
  doc.catalog.set(PDFName.of('OutputIntents'), ctx.obj([ctx.register(intent)]));
  const hexId = PDFHexString.of(id.replace(/-/g, ''));
  ctx.trailerInfo.ID = ctx.obj([hexId, hexId]);
}
