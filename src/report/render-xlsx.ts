import type { Level } from '../config/schema.js';
import type { Evaluation, Figures } from '../domain/rates.js';
import type { Report } from './build.js';
import { formatDate, labels, vietnamTime, warningsIn, type Labels, type Lang } from './labels.js';

type Row = Figures & Evaluation;
type Cell = string | number | null;

const RATE_FORMAT = '0.0';
const FILL = { met: 'FFC8E6C9', notMet: 'FFFFCDD2', head: 'FFEEEEEE' };

function headers(L: Labels): string[] {
  return [L.received, L.componentsDigitized, L.componentsRate, L.resultsIssued, L.resultsDigitized, L.resultsRate, L.signed, L.signedRate, L.archived, L.archivedRate, L.target, L.gap, L.met];
}

function figures(f: Row, L: Labels): Cell[] {
  return [f.received, f.componentsDigitized, f.componentsRate, f.resultsIssued, f.resultsDigitized, f.resultsRate, f.signed, f.signedRate, f.archived, f.archivedRate, f.target, f.gap, f.met === null ? L.noData : f.met ? L.yes : L.no];
}

/** Columns (1-based, after `lead` leading columns) that hold rates, for the number format. */
const RATE_COLUMNS = [3, 6, 8, 10, 11, 12];

/**
 * The report as an Excel workbook: a summary sheet and one sheet per level, headers in the
 * report's language, rates as numbers with one decimal (Excel shows the comma in Vietnamese),
 * frozen header rows, and met / not met coloured.
 */
export async function renderXlsx(report: Report, lang: Lang): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const L = labels(lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sohoa';
  wb.created = new Date(report.generatedAt);

  type Sheet = ReturnType<typeof wb.addWorksheet>;
  const table = (ws: Sheet, head: string[], rows: Cell[][], lead: number) => {
    const headRow = ws.addRow(head);
    headRow.font = { bold: true };
    headRow.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL.head } }));
    ws.views = [{ state: 'frozen', ySplit: headRow.number, xSplit: lead }];
    for (const values of rows) {
      const row = ws.addRow(values);
      for (const col of RATE_COLUMNS) row.getCell(lead + col).numFmt = RATE_FORMAT;
      const met = row.getCell(lead + 13);
      if (met.value === L.yes || met.value === L.no) met.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: met.value === L.yes ? FILL.met : FILL.notMet } };
    }
    ws.columns.forEach((c, i) => (c.width = i < lead ? (i === lead - 1 ? 34 : 10) : 14));
  };

  const summary = wb.addWorksheet(lang === 'vi' ? 'Tổng hợp' : 'Summary');
  const period = report.period.from || report.period.to ? `${formatDate(report.period.from ?? '…', lang)} → ${formatDate(report.period.to ?? '…', lang)}` : L.all;
  summary.addRow([L.title]).font = { bold: true, size: 14 };
  summary.addRow([`${L.period}: ${period}`]);
  summary.addRow([`${L.structure}: ${report.structure ? formatDate(report.structure, lang) : L.asReceived}`]);
  summary.addRow([`${L.generated} ${vietnamTime(report.generatedAt)} (${L.vietnamTime})`]);
  for (const w of warningsIn(report, lang)) summary.addRow([`${L.warnings}: ${w}`]);
  summary.addRow([]);
  const t = report.total;
  table(
    summary,
    [L.level, L.units, ...headers(L)],
    [
      ...report.levels.map((s) => [L.levels[s.level], s.units, ...figures(s.figures, L)]),
      [L.total, report.levels.reduce((n, s) => n + s.units, 0), t.received, t.componentsDigitized, t.componentsRate, t.resultsIssued, t.resultsDigitized, t.resultsRate, t.signed, t.signedRate, t.archived, t.archivedRate, null, null, null],
    ],
    2,
  );
  if (report.furthestBelow.length) {
    summary.addRow([]);
    summary.addRow([L.furthestBelow]).font = { bold: true };
    for (const r of report.furthestBelow) summary.addRow([r.code, r.name, L.levels[r.level], r.own.componentsRate, r.own.gap]);
  }
  if (report.trend?.points.length) {
    summary.addRow([]);
    summary.addRow([`${L.trend} (${report.trend.by === 'month' ? L.byMonth : L.byQuarter})`]).font = { bold: true };
    summary.addRow([L.periodCol, L.level, L.componentsRate, L.resultsRate, L.signedRate, L.archivedRate]).font = { bold: true };
    for (const p of report.trend.points) {
      for (const l of p.levels) summary.addRow([p.period, L.levels[l.level], l.figures.componentsRate, l.figures.resultsRate, l.figures.signedRate, l.figures.archivedRate]);
    }
  }

  for (const level of ['province', 'district', 'commune'] as Level[]) {
    const rows = report.rows.filter((r) => r.level === level);
    if (rows.length === 0) continue;
    const ws = wb.addWorksheet(L.levels[level]);
    table(ws, [L.code, L.unit, ...headers(L)], rows.map((r) => [r.code, r.name, ...figures(r.own, L)]), 2);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
