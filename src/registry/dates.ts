// Kept apart from the CSV reader so commands can check a date without loading csv-parse.

/** ISO `YYYY-MM-DD`, or Vietnamese `DD/MM/YYYY`; returns ISO or undefined when invalid. */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim();
  let y: number, m: number, d: number;
  let iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    iso = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
    if (!iso) return undefined;
    [d, m, y] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  }
  if (m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}
