import { isMottoLine } from './layout.js';
import { compact, foldAligned, foldText, isUpperLine } from './normalize.js';
import type { Found } from './metadata-date.js';

/**
 * Number and symbol ("Số: 123/QĐ-UBND") and the issuing agency, from the header block.
 * The header is two columns (agency left, motto right) that OCR often interleaves on one
 * line, so the motto is cut out of each line before the agency is read.
 */

export interface CodeFound {
  codeNumber?: Found<string>;
  codeNotation?: Found<string>;
}

// Folded "so: 123/qd-ubnd", "so 45/2022/qd-ubnd", "s6: 12/ttr-ubnd" (OCR), "so: 15".
const CODE = /(?:^|[\s(])s[o0-9]?\s*[:.;]?\s*(?:hieu\s*:?\s*)?([0-9]{1,6})(?![0-9])\s*(?:\/\s*((?:[0-9]{4}\s*\/\s*)?[a-z0-9]+(?:\s*-\s*[a-z0-9]+){1,3}))?/gm;
const LABELLED = /(?:^|[\s(])so\s*:/;

export function extractCode(text: string, headerLines = 14): CodeFound {
  const { original, folded } = foldAligned(text);
  const headerEnd = folded.split('\n').slice(0, headerLines).join('\n').length;
  for (const m of folded.matchAll(CODE)) {
    if (m.index > headerEnd) break;
    // "Số định danh", "số nhà", "quyển số" are not the document's number.
    const lineStart = folded.lastIndexOf('\n', m.index) + 1;
    const linePrefix = folded.slice(lineStart, m.index + 1);
    if (/\b(quyen|dinh danh|cmnd|cccd|nha|dien thoai|ho|ma)\s*$/.test(linePrefix.slice(0, -1))) continue;
    const labelled = LABELLED.test(m[0]);
    const out: CodeFound = { codeNumber: { value: String(Number(m[1]!)), confidence: labelled ? 0.95 : 0.75 } };
    if (m[2]) {
      const start = m.index + m[0].lastIndexOf(m[2]);
      const raw = original.slice(start, start + m[2].length).replace(/\s+/g, '');
      const notation = raw.replace(/^[0-9]{4}\//, '');
      out.codeNotation = { value: notation.toUpperCase().replace(/^TTR-/, 'TTr-'), confidence: labelled ? 0.92 : 0.7 };
    } else if (!labelled) {
      continue;
    }
    return out;
  }
  return {};
}

const ORGAN_START = [
  'uy ban nhan dan', 'ubnd', 'hoi dong nhan dan', 'hdnd', 'so ', 'phong ', 'van phong', 'cong an', 'chi cuc', 'cuc ',
  'trung tam', 'bo ', 'toa an', 'vien kiem sat', 'benh vien', 'truong ', 'cong ty', 'chi nhanh', 'ban ', 'kho bac',
  'ngan hang', 'doi ', 'tram ', 'ho kinh doanh',
];
const UNIT_CONTINUATION = ['tinh ', 'huyen ', 'xa ', 'phuong ', 'thi tran ', 'thanh pho ', 'quan ', 'thi xa '];

/** Cuts the national motto out of a header line that OCR merged with the agency's column. */
function withoutMotto(line: string): string {
  const { folded } = foldAligned(line);
  for (const key of ['cong hoa', 'doc lap', 'socialist']) {
    const at = folded.indexOf(key);
    if (at >= 0) return line.slice(0, at).trim();
  }
  return isMottoLine(line) ? '' : line;
}

// A document's title (under or instead of the header), which is never part of the agency's name.
const TITLE_START =
  /^(quyet dinh|bien ban|bien lai|hoa don|phieu |giay |don |to khai|to trinh|hop dong|cong van|thong bao|bao cao|ke hoach|chi thi|nghi quyet|danh sach|can cuoc|chung minh|trich luc|ban sao)/;

const startsWithAny = (folded: string, starts: string[]) => starts.some((s) => folded.startsWith(s));
// "Số:", and OCR's "S6:", "$6:22", "5o:": the number line ends the agency block.
const NUMBER_LABEL = /^[^a-z0-9$]{0,3}(?:s[o0-9e]?|5[o0]|\$[o0-9e]?)\s*[:;.]/;

/** True when a name reads as an agency ("Ủy ban nhân dân tỉnh …", "BẢO HIỂM XÃ HỘI …"), not a person. */
export function looksLikeOrgan(name: string): boolean {
  return startsWithAny(foldText(name), [...ORGAN_START, 'bao hiem', 'tong cuc', 'thu tuong', 'chinh phu']);
}

export interface OrganFound {
  organName: Found<string>;
  /** The agency above the issuer in the header ("UBND TỈNH TRÀ VINH" over "SỞ TƯ PHÁP"). */
  organParent?: Found<string>;
}

/** The issuing agency: the lowest agency line of the header block (the parent agency sits above). */
export function extractOrganName(lines: string[], headerLines = 8): OrganFound | undefined {
  const block: string[] = [];
  for (const raw of lines.slice(0, headerLines)) {
    const line = withoutMotto(raw).replace(/[-_–=*]{2,}.*$/, '').trim();
    const f = foldText(line);
    if (NUMBER_LABEL.test(f) || /\bngay\s*\d/.test(f) || TITLE_START.test(f)) break;
    if (line && isUpperLine(line) && compact(f).length >= 2) block.push(line);
    else if (line && block.length) break;
    // The agency sits above or beside the motto, never below "Độc lập - Tự do - Hạnh phúc".
    if (block.length && /doc lap|independence/.test(foldText(raw))) break;
  }
  if (block.length === 0) return undefined;
  // Join agency lines: a unit word continues the line above; an agency word starts a new agency.
  const organs: string[] = [];
  for (const line of block) {
    const f = foldText(line);
    if (organs.length && (startsWithAny(f, UNIT_CONTINUATION) || !startsWithAny(f, ORGAN_START))) {
      organs[organs.length - 1] += ' ' + line;
    } else {
      organs.push(line);
    }
  }
  const issuer = organs[organs.length - 1]!.replace(/\s+/g, ' ').trim();
  const known = startsWithAny(foldText(issuer), ORGAN_START);
  if (!known) return undefined;
  let confidence = organs.length <= 2 ? 0.85 : 0.7;
  const parent = organs.length >= 2 ? organs[organs.length - 2]!.replace(/\s+/g, ' ').trim() : undefined;
  // "VĂN PHÒNG THƯỜNG TRỰC" under "BAN CHỈ HUY … TỈNH …": a part of the agency above, named by both.
  let value = issuer;
  if (parent && /^(van phong|phong |ban )/.test(foldText(issuer)) && !/\b(tinh|huyen|xa|phuong|thanh pho|quan)\b/.test(foldText(issuer))) {
    value = `${issuer} ${parent}`;
    confidence = Math.min(confidence, 0.7);
  }
  return { organName: { value, confidence }, ...(parent ? { organParent: { value: parent, confidence: confidence - 0.05 } } : {}) };
}

/** Trích yếu: "V/v …" or "Về việc …", with its continuation lines. */
export function extractSubject(lines: string[], scanLines = 30): Found<string> | undefined {
  for (let i = 0; i < Math.min(lines.length, scanLines); i++) {
    const line = lines[i]!;
    const f = foldText(line);
    const m = /^(v\s*[/\\l1i|]\s*v\s*[:.]?|ve viec\s*[:.]?|trich yeu\s*[:.]?)\s*/.exec(f);
    if (!m) continue;
    const original = line.normalize('NFC');
    let subject = original.slice(m[0].length).trim();
    for (let j = i + 1; j < lines.length && j < i + 4; j++) {
      const next = lines[j]!.trim();
      const first = next[0];
      // A continuation line starts in lower case; the next block starts with a capital.
      if (!next || !first || first === first.toUpperCase() || /^k[ií]nh g[ửu]i/i.test(next)) break;
      subject += ' ' + next;
    }
    subject = subject.replace(/\s+/g, ' ').replace(/[.;,]+$/, '').trim();
    if (subject.length < 4) continue;
    return { value: subject, confidence: /^v\s*\/\s*v/.test(f) || f.startsWith('ve viec') ? 0.9 : 0.75 };
  }
  return undefined;
}
