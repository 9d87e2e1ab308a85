import { SigningError } from '../../errors.js';

/** Distance of the box from the top and right edges of the page, and between stacked boxes. */
export const MARGIN = 18;
const GAP = 6;

export type Rect = [number, number, number, number];

export interface Placement {
  rect: number[];
  /** Form matrix that turns the box upright on a rotated page. */
  matrix?: number[];
}

/** Lower-left/upper-right order, whatever order the PDF wrote the corners in. */
export function normalizeRect(r: number[]): Rect {
  const [a, b, c, d] = r.map(Number) as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

export function intersects(a: Rect, b: Rect): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/**
 * Page space <-> display space (the page as a viewer shows it after /Rotate, origin at the
 * displayed lower left). Placement is done in display space, so "top right" means what the
 * reader sees.
 */
function frame(box: number[], rotate: number) {
  const [x0, y0, x1, y1] = normalizeRect(box);
  const r = ((Math.round(rotate / 90) * 90) % 360 + 360) % 360;
  const toDisplay = ([ax, ay, bx, by]: Rect): Rect => {
    const pts: Array<[number, number]> = [
      [ax, ay],
      [bx, by],
    ].map(([x, y]) => (r === 90 ? [y! - y0, x1 - x!] : r === 180 ? [x1 - x!, y1 - y!] : r === 270 ? [y1 - y!, x! - x0] : [x! - x0, y! - y0]));
    return normalizeRect([pts[0]![0], pts[0]![1], pts[1]![0], pts[1]![1]]);
  };
  const fromDisplay = ([au, av, bu, bv]: Rect): Rect => {
    const pts: Array<[number, number]> = [
      [au, av],
      [bu, bv],
    ].map(([u, v]) => (r === 90 ? [x1 - v!, u! + y0] : r === 180 ? [x1 - u!, y1 - v!] : r === 270 ? [v! + x0, y1 - u!] : [u! + x0, v! + y0]));
    return normalizeRect([pts[0]![0], pts[0]![1], pts[1]![0], pts[1]![1]]);
  };
  const width = r === 90 || r === 270 ? y1 - y0 : x1 - x0;
  const height = r === 90 || r === 270 ? x1 - x0 : y1 - y0;
  const matrix = r === 90 ? [0, 1, -1, 0, 0, 0] : r === 180 ? [-1, 0, 0, -1, 0, 0] : r === 270 ? [0, -1, 1, 0, 0, 0] : undefined;
  return { toDisplay, fromDisplay, width, height, matrix };
}

/**
 * Where a w×h box goes on a page: at the displayed top right, clear of the boxes already
 * there (`taken`, in page space: earlier signature widgets). Later boxes stack below the
 * earlier ones in the same column, while they stay in the top third of the page; then a
 * column further left starts. Only when the top third is full does a box go lower. A box
 * never leaves the page: when nothing fits, signing is refused.
 */
export function placeTopRight(box: number[], w: number, h: number, rotate: number, taken: number[][] = []): Placement {
  const f = frame(box, rotate);
  const obstacles = taken.map(normalizeRect).filter((r) => r[2] > r[0] && r[3] > r[1]).map(f.toDisplay);
  const m = MARGIN;
  // Candidate right and top edges: the page corner, and just left of / below each obstacle.
  const rights = [f.width - m, ...obstacles.map((o) => o[0] - GAP)].filter((x) => x - w >= m - 1e-6);
  const tops = [f.height - m, ...obstacles.map((o) => o[1] - GAP)].filter((y) => y - h >= m - 1e-6 && y <= f.height - m + 1e-6);
  const uniq = (xs: number[]) => [...new Set(xs.map((x) => Math.round(x * 100) / 100))].sort((a, b) => b - a);
  const fits = (r: Rect) => !obstacles.some((o) => intersects(r, [o[0] - GAP / 2, o[1] - GAP / 2, o[2] + GAP / 2, o[3] + GAP / 2]));
  const topThird = f.height - f.height / 3;
  for (const pass of [true, false]) {
    for (const right of uniq(rights)) {
      for (const top of uniq(tops)) {
        if (pass && top - h < topThird) continue;
        const r: Rect = [right - w, top - h, right, top];
        if (fits(r)) return { rect: f.fromDisplay(r), matrix: f.matrix };
      }
    }
  }
  throw new SigningError(`No room left on page 1 for another visible signature box (${taken.length} there already)`, {
    hint: 'Sign with --appearance none (an invisible signature) to add this signature.',
    key: 'sign.err.noRoom',
    params: { n: taken.length },
    hintKey: 'sign.err.noRoomHint',
  });
}
