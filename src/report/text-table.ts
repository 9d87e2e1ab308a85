/** Display width: combining marks take no column, so Vietnamese text lines up. */
export function displayWidth(s: string): number {
  return Array.from(s.normalize('NFC')).filter((c) => !/\p{M}/u.test(c)).length;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A plain-text table; columns whose values are all numeric are right-aligned. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.,%\s—]*$/.test(r[i] ?? '')));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, numeric[i]!)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
