import type { Report, ReportRow } from './build.js';
import { labels, type Lang } from './labels.js';
import { formatTable } from './text-table.js';
import type { Evaluation, Figures } from '../domain/rates.js';

const num = (n: number | null, dash: string) => (n === null ? dash : String(n));

function cells(f: Figures & Evaluation, L: ReturnType<typeof labels>): string[] {
  return [
    String(f.received),
    String(f.componentsDigitized),
    num(f.componentsRate, L.noData),
    String(f.resultsIssued),
    String(f.resultsDigitized),
    num(f.resultsRate, L.noData),
    String(f.signed),
    String(f.archived),
    String(f.target),
    num(f.componentsGap === null ? null : Math.max(f.componentsGap, f.resultsGap ?? 0), L.noData),
    f.met === null ? L.noData : f.met ? L.yes : L.no,
  ];
}

function headers(L: ReturnType<typeof labels>): string[] {
  return [L.received, L.componentsDigitized, '%', L.resultsIssued, L.resultsDigitized, '%', L.signed, L.archived, L.target, L.gap, L.met];
}

export function renderTable(report: Report, lang: Lang): string {
  const L = labels(lang);
  const out: string[] = [L.title];
  const period = report.period.from || report.period.to ? `${report.period.from ?? '…'} → ${report.period.to ?? '…'}` : L.all;
  out.push(`${L.period}: ${period}    ${L.structure}: ${report.structure ?? L.asReceived}`, '');
  out.push(L.summary);
  out.push(
    formatTable(
      [L.level, L.units, ...headers(L)],
      report.levels.map((s) => [L.levels[s.level], String(s.units), ...cells(s.figures, L)]),
    ),
  );
  out.push('');
  out.push(`${L.unit} (${L.own})`);
  out.push(
    formatTable(
      [L.code, L.unit, ...headers(L), `${L.received} (${L.area})`, `% (${L.area})`],
      report.rows.map((r: ReportRow) => [
        r.code,
        '  '.repeat(r.depth) + r.name,
        ...cells(r.own, L),
        String(r.area.received),
        num(r.area.componentsRate, L.noData),
      ]),
    ),
  );
  for (const w of report.warnings) out.push(`${L.warnings}: ${w}`);
  return out.join('\n');
}

const CSV_COLUMNS = [
  'row_type', 'code', 'name', 'level', 'parent_code',
  'received', 'components_digitized', 'components_rate', 'results_issued', 'results_digitized', 'results_rate',
  'signed', 'archived', 'target', 'components_gap', 'results_gap', 'met',
  'area_received', 'area_components_digitized', 'area_components_rate', 'area_results_issued', 'area_results_digitized', 'area_results_rate',
] as const;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function figureCells(f: Figures & Evaluation): unknown[] {
  return [f.received, f.componentsDigitized, f.componentsRate, f.resultsIssued, f.resultsDigitized, f.resultsRate, f.signed, f.archived, f.target, f.componentsGap, f.resultsGap, f.met === null ? '' : f.met ? 1 : 0];
}

function areaCells(f: Figures & Evaluation): unknown[] {
  return [f.received, f.componentsDigitized, f.componentsRate, f.resultsIssued, f.resultsDigitized, f.resultsRate];
}

/**
 * CSV with stable English column keys (scripts depend on them), one `level` row per level
 * summary and one `unit` row per unit; own figures first, then area figures.
 */
export function renderCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const s of report.levels) {
    lines.push(['level', '', '', s.level, '', ...figureCells(s.figures), '', '', '', '', '', ''].map(csvCell).join(','));
  }
  for (const r of report.rows) {
    lines.push(['unit', r.code, r.name, r.level, r.parentCode ?? '', ...figureCells(r.own), ...areaCells(r.area)].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
