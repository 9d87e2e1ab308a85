import { foldText, tokens } from './normalize.js';

/**
 * Whether a PDF's own text layer can be trusted as the document's text. Old scans carry text
 * layers made by weak OCR: accent-stripped ("UBND THANH PHO DA NANG CONG Hc") or garbled
 * ("ceNG HoA xA ugr"), and e-signed scans carry a layer with only the signature stamp. Such a
 * layer is rejected and the page is OCRed instead. The tests: the share of letters with
 * Vietnamese diacritics, the share of words found in a list of very common Vietnamese
 * syllables (spelt with their marks), and, when an OCR of the same page is at hand, agreement.
 */
export interface TextLayerVerdict {
  use: boolean;
  /** Why it was rejected ('' when used). */
  reason: '' | 'empty' | 'stamp-only' | 'no-diacritics' | 'not-vietnamese' | 'disagrees-with-ocr';
  letters: number;
  diacriticShare: number;
  dictionaryShare: number;
  ocrAgreement?: number;
}

const VI_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/giu;
// About 150 of the commonest syllables of administrative Vietnamese, with their marks.
const COMMON = new Set(
  ('của và các được người ngày tháng năm về việc theo tỉnh xã hội cộng hòa hoà chủ nghĩa việt nam độc lập tự do hạnh phúc số quyết định ' +
    'ủy uỷ ban nhân dân thực hiện trên địa bàn trong có không với cho này đã đến để những một tại kế hoạch báo cáo công văn thông gửi kính ' +
    'nơi nhận lưu sở bộ tịch phó chỉ thị tờ trình giấy mời đề nghị căn cứ luật nghị điều khoản quy quản lý nhà nước cơ quan đơn vị ' +
    'phòng huyện thành phố phường trường học y tế tài chính kinh phí dự toán đầu tư xây dựng năm tình hình kết quả nội vụ tổ chức cán ' +
    'hành chính cải cách thủ tục dịch vụ trực tuyến triển khai đảm bảo yêu cầu nhiệm giao phối hợp đồng chí văn phòng thường trực hướng dẫn ' +
    'sau đây gọi chung là đối tượng trách nhiệm thi hiệu lực kể từ ký ban hành kèm như trên chương trình biện pháp tăng cường').split(' '),
);
const STAMP = /(ky boi|co quan|thoi gian ky|email|\+07:00|\d{2}[./]\d{2}[./]\d{4})/;

export function judgeTextLayer(text: string, ocrText?: string): TextLayerVerdict {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const marked = (text.match(VI_MARKED) ?? []).length;
  const words = text.toLowerCase().normalize('NFC').split(/[^\p{L}]+/u).filter((w) => w.length > 0);
  const hits = words.filter((w) => COMMON.has(w)).length;
  const v: TextLayerVerdict = {
    use: false,
    reason: '',
    letters,
    diacriticShare: letters ? Number((marked / letters).toFixed(3)) : 0,
    dictionaryShare: words.length ? Number((hits / words.length).toFixed(3)) : 0,
  };
  if (letters < 40) return { ...v, reason: 'empty' };
  // An e-signed scan's layer: a few short lines of stamp text and nothing else.
  const lines = text.split('\n').map((l) => foldText(l)).filter(Boolean);
  const stampLines = lines.filter((l) => STAMP.test(l)).length;
  if (letters < 400 && stampLines >= 2 && stampLines >= lines.length / 4) return { ...v, reason: 'stamp-only' };
  // Vietnamese prose has roughly a fifth to a third of its letters marked; stripped text has none.
  if (v.diacriticShare < 0.08) return { ...v, reason: 'no-diacritics' };
  if (v.dictionaryShare < 0.3) return { ...v, reason: 'not-vietnamese' };
  if (ocrText !== undefined && ocrText.trim().length >= 40) {
    v.ocrAgreement = agreement(text, ocrText);
    if (v.ocrAgreement < 0.35) return { ...v, reason: 'disagrees-with-ocr' };
  }
  return { ...v, use: true };
}

/** Share of the OCR's folded words (3+ letters) that the text layer also has. */
export function agreement(layer: string, ocr: string): number {
  const have = new Set(tokens(foldText(layer)));
  const want = tokens(foldText(ocr)).filter((w) => w.length >= 3);
  if (want.length === 0) return 0;
  return Number((want.filter((w) => have.has(w)).length / want.length).toFixed(3));
}
