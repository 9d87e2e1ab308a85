import path from 'node:path';
import type { DocumentPart } from '../../domain/document-state.js';
import { InterruptedError } from '../../errors.js';
import type { RawImage } from './barcode.js';
import { inspectPixels } from './inspect.js';
import { pageName, placePage, UNASSIGNED } from './place.js';
import { planSplit, type SplitRules, type SplitStart } from './split.js';

/** One page of a stack, read on demand so a 200-page stack never sits in memory. */
export interface PageSource {
  /** 1-based position in the stack. */
  no: number;
  ext: 'png' | 'tiff' | 'pdf' | 'jpg';
  /** The page's pixels and their resolution. */
  pixels(): Promise<{ img: RawImage; dpi: number }>;
  bytes(): Promise<Uint8Array>;
  /** Duplex: the back of a sheet. */
  backside?: boolean;
}

export interface FileStackOptions {
  inbox: string;
  unit: string;
  /** Page files are named `<stem>_p0001.<ext>`: one document per dossier and part. */
  stem: string;
  /** Read barcodes and split; otherwise every page goes to `start`. */
  split: boolean;
  rules: SplitRules;
  formats: string[];
  start: SplitStart;
  dropBlankBacksides: boolean;
  mtime?: Date;
  signal?: AbortSignal;
}

export interface FiledPage {
  page: number;
  file: string;
  dossier?: string;
  part?: DocumentPart;
}

export interface DroppedPage {
  page: number;
  why: 'separator' | 'result-marker' | 'blank-backside';
  codes: string[];
}

export interface StackResult {
  filed: FiledPage[];
  /** Pages before the first dossier barcode, in `INBOX/<unit>/_unassigned/`. */
  held: FiledPage[];
  /** Separator sheets, result markers and blank backsides: counted and listed, never silent. */
  dropped: DroppedPage[];
  /** Dossiers the pages went to, in stack order. */
  dossiers: string[];
  /** Barcodes seen per page (pages with none are absent). */
  codes: Record<number, string[]>;
}

/** Reads, plans and writes a stack's pages into the inbox layout. */
export async function fileStack(pages: PageSource[], o: FileStackOptions): Promise<StackResult> {
  const looks: Array<{ codes: string[]; blankBackside: boolean }> = [];
  for (const p of pages) {
    if (o.signal?.aborted) throw new InterruptedError();
    const checkBlank = Boolean(p.backside && o.dropBlankBacksides);
    if (!o.split && !checkBlank) {
      looks.push({ codes: [], blankBackside: false });
      continue;
    }
    const { img, dpi } = await p.pixels();
    const look = await inspectPixels(img, dpi, { codes: o.split ? o.formats : false, blank: checkBlank });
    looks.push({ codes: look.codes, blankBackside: look.blank });
  }
  const plans = planSplit(looks, o.rules, o.start);
  const result: StackResult = { filed: [], held: [], dropped: [], dossiers: [], codes: {} };
  for (const [i, p] of pages.entries()) {
    const plan = plans[i]!;
    const codes = looks[i]!.codes;
    if (codes.length) result.codes[p.no] = codes;
    if (plan.action === 'drop') {
      result.dropped.push({ page: p.no, why: plan.why, codes });
      continue;
    }
    const name = pageName(o.stem, p.no, p.ext);
    const dir = plan.action === 'file' ? path.join(o.inbox, o.unit, plan.dossier, plan.part) : path.join(o.inbox, o.unit, UNASSIGNED);
    const file = path.join(dir, name);
    await placePage(file, await p.bytes(), o.mtime);
    if (plan.action === 'hold') result.held.push({ page: p.no, file });
    else {
      result.filed.push({ page: p.no, file, dossier: plan.dossier, part: plan.part });
      if (!result.dossiers.includes(plan.dossier)) result.dossiers.push(plan.dossier);
    }
  }
  return result;
}
