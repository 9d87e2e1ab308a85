/** Text as compared for CER: NFC (diacritics as rendered, composed), whitespace collapsed. */
export function normaliseForCer(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Levenshtein distance over Unicode code points, two rows of memory. */
export function levenshtein(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, i) => i);
  let cur = new Array<number>(B.length + 1);
  for (let i = 1; i <= A.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= B.length; j++) {
      const sub = prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1);
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[B.length]!;
}

/** Character error rate of `ocr` against the `truth` that was rendered: edits / truth length. */
export function cer(ocr: string, truth: string): number {
  const t = normaliseForCer(truth);
  return levenshtein(normaliseForCer(ocr), t) / Math.max(1, [...t].length);
}
