import type { Report, ReportRow } from './build.js';
import { formatDate, formatRate, labels, warningsIn, type Lang } from './labels.js';
import { formatTable } from './text-table.js';
import type { Evaluation, Figures } from '../domain/rates.js';

function cells(f: Figures & Evaluation, L: ReturnType<typeof labels>, lang: Lang): string[] {
  const r = (n: number | null) => formatRate(n, lang);
  return [
    String(f.received),
    String(f.componentsDigitized),
    r(f.componentsRate),
    String(f.resultsIssued),
    String(f.resultsDigitized),
    r(f.resultsRate),
    String(f.signed),
    r(f.signedRate),
    String(f.archived),
    r(f.archivedRate),
    r(f.target),
    r(f.gap),
    f.met === null ? L.noData : f.met ? L.yes : L.no,
  ];
}

function headers(L: ReturnType<typeof labels>): string[] {
  return [L.received, L.componentsDigitized, '%', L.resultsIssued, L.resultsDigitized, '%', L.signed, '%', L.archived, '%', L.target, L.gap, L.met];
}

export function renderTable(report: Report, lang: Lang): string {
  const L = labels(lang);
  const out: string[] = [L.title];
  const period = report.period.from || report.period.to ? `${formatDate(report.period.from ?? '…', lang)} → ${formatDate(report.period.to ?? '…', lang)}` : L.all;
  out.push(`${L.period}: ${period}    ${L.structure}: ${report.structure ? formatDate(report.structure, lang) : L.asReceived}`, '');
  for (const w of warningsIn(report, lang)) out.push(`${L.warnings}: ${w}`);
  out.push(L.summary);
  out.push(
    formatTable(
      [L.level, L.units, ...headers(L)],
      [
        ...report.levels.map((s) => [L.levels[s.level], String(s.units), ...cells(s.figures, L, lang)]),
        [L.total, String(report.levels.reduce((n, s) => n + s.units, 0)), String(report.total.received), String(report.total.componentsDigitized), formatRate(report.total.componentsRate, lang), String(report.total.resultsIssued), String(report.total.resultsDigitized), formatRate(report.total.resultsRate, lang), String(report.total.signed), formatRate(report.total.signedRate, lang), String(report.total.archived), formatRate(report.total.archivedRate, lang), '', '', ''],
      ],
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
        ...cells(r.own, L, lang),
        String(r.area.received),
        formatRate(r.area.componentsRate, lang),
      ]),
    ),
  );
  if (report.trend?.points.length) {
    out.push('', `${L.trend} (${report.trend.by === 'month' ? L.byMonth : L.byQuarter})`);
    const levels = [...new Set(report.trend.points.flatMap((p) => p.levels.map((l) => l.level)))];
    out.push(
      formatTable(
        [L.periodCol, ...levels.map((l) => L.levels[l]), ...(report.trend.points[0]?.unit ? [report.trend.points[0].unit.name] : [])],
        report.trend.points.map((p) => [
          p.period,
          ...levels.map((l) => {
            const f = p.levels.find((x) => x.level === l)?.figures;
            return f ? `${formatRate(f.componentsRate, lang)} / ${formatRate(f.resultsRate, lang)}` : L.noData;
          }),
          ...(p.unit ? [`${formatRate(p.unit.figures.componentsRate, lang)} / ${formatRate(p.unit.figures.resultsRate, lang)}`] : []),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** Stable English keys (for scripts: `--lang en`) and the Vietnamese headers (for people in Excel). */
const CSV_COLUMNS: Array<[string, string]> = [
  ['row_type', 'Loại dòng'], ['code', 'Mã'], ['name', 'Tên đơn vị'], ['level', 'Cấp'], ['parent_code', 'Mã đơn vị cấp trên'],
  ['received', 'Hồ sơ tiếp nhận'], ['components_digitized', 'Hồ sơ được số hóa'], ['components_rate', 'Tỷ lệ số hóa hồ sơ (%)'],
  ['results_issued', 'Kết quả đã cấp'], ['results_digitized', 'Kết quả được số hóa'], ['results_rate', 'Tỷ lệ số hóa kết quả (%)'],
  ['signed', 'Đã ký số'], ['signed_rate', 'Tỷ lệ ký số (%)'], ['archived', 'Đã lưu trữ'], ['archived_rate', 'Tỷ lệ lưu trữ (%)'],
  ['target', 'Chỉ tiêu (%)'], ['components_gap', 'Còn thiếu hồ sơ (điểm %)'], ['results_gap', 'Còn thiếu kết quả (điểm %)'], ['gap', 'Còn thiếu (điểm %)'], ['met', 'Đạt'],
  ['area_received', 'Hồ sơ tiếp nhận (toàn địa bàn)'], ['area_components_digitized', 'Hồ sơ được số hóa (toàn địa bàn)'],
  ['area_components_rate', 'Tỷ lệ số hóa hồ sơ (toàn địa bàn, %)'], ['area_results_issued', 'Kết quả đã cấp (toàn địa bàn)'],
  ['area_results_digitized', 'Kết quả được số hóa (toàn địa bàn)'], ['area_results_rate', 'Tỷ lệ số hóa kết quả (toàn địa bàn, %)'],
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function figureCells(f: Figures & Evaluation): unknown[] {
  return [f.received, f.componentsDigitized, f.componentsRate, f.resultsIssued, f.resultsDigitized, f.resultsRate, f.signed, f.signedRate, f.archived, f.archivedRate, f.target, f.componentsGap, f.resultsGap, f.gap, f.met === null ? '' : f.met ? 1 : 0];
}

function areaCells(f: Figures & Evaluation): unknown[] {
  return [f.received, f.componentsDigitized, f.componentsRate, f.resultsIssued, f.resultsDigitized, f.resultsRate];
}

/**
 * CSV, one `level` row per level summary, a `total` row for the whole area, and one `unit` row
 * per unit; own figures first, then area figures. English keys with `lang: 'en'`; Vietnamese
 * headers and, by default, a UTF-8 BOM with `lang: 'vi'`, so Excel on Windows reads the accents.
 */
export function renderCsv(report: Report, opts: { lang?: Lang; bom?: boolean } = {}): string {
  const lang = opts.lang ?? 'en';
  const bom = opts.bom ?? lang === 'vi';
  const lines = [CSV_COLUMNS.map(([key, vi]) => csvCell(lang === 'vi' ? vi : key)).join(',')];
  const blankArea = ['', '', '', '', '', ''];
  for (const s of report.levels) {
    lines.push(['level', '', '', s.level, '', ...figureCells(s.figures), ...blankArea].map(csvCell).join(','));
  }
  const t = report.total;
  lines.push(['total', '', '', '', '', t.received, t.componentsDigitized, t.componentsRate, t.resultsIssued, t.resultsDigitized, t.resultsRate, t.signed, t.signedRate, t.archived, t.archivedRate, '', '', '', '', '', ...blankArea].map(csvCell).join(','));
  for (const r of report.rows) {
    lines.push(['unit', r.code, r.name, r.level, r.parentCode ?? '', ...figureCells(r.own), ...areaCells(r.area)].map(csvCell).join(','));
  }
  return (bom ? '\ufeff' : '') + lines.join('\n') + '\n';
}
