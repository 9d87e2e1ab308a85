import type { Level } from '../config/schema.js';
import { formatDate as formatDateIn, formatNumber, type Lang } from '../i18n/index.js';

export type { Lang };

const LABELS = {
  vi: {
    title: 'Báo cáo tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
    period: 'Kỳ báo cáo',
    structure: 'Cơ cấu đơn vị hành chính',
    asReceived: 'theo đơn vị tiếp nhận',
    all: 'toàn bộ',
    code: 'Mã',
    unit: 'Đơn vị',
    level: 'Cấp',
    received: 'Hồ sơ tiếp nhận',
    componentsDigitized: 'Hồ sơ được số hóa',
    componentsRate: 'Tỷ lệ số hóa hồ sơ (%)',
    resultsIssued: 'Kết quả đã cấp',
    resultsDigitized: 'Kết quả được số hóa',
    resultsRate: 'Tỷ lệ số hóa kết quả (%)',
    signed: 'Đã ký số',
    archived: 'Đã lưu trữ',
    target: 'Chỉ tiêu (%)',
    gap: 'Còn thiếu (điểm %)',
    met: 'Đạt',
    yes: 'Đạt',
    no: 'Chưa đạt',
    noData: '—',
    own: 'tự tiếp nhận',
    area: 'toàn địa bàn',
    summary: 'Tổng hợp theo cấp',
    units: 'Số đơn vị',
    levels: { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã' } as Record<Level, string>,
    generated: 'Lập lúc',
    chartNote: 'Mỗi cột là một đơn vị (hồ sơ tự tiếp nhận); vạch đỏ là chỉ tiêu.',
    warnings: 'Lưu ý',
    signedRate: 'Tỷ lệ ký số (%)',
    archivedRate: 'Tỷ lệ lưu trữ (%)',
    total: 'Toàn địa bàn',
    furthestBelow: 'Ba đơn vị còn xa chỉ tiêu nhất',
    trend: 'Diễn biến theo thời gian',
    periodCol: 'Kỳ',
    byMonth: 'theo tháng',
    byQuarter: 'theo quý',
    legendComponents: 'Tỷ lệ số hóa hồ sơ',
    legendResults: 'Tỷ lệ số hóa kết quả',
    legendTarget: 'Chỉ tiêu',
    vietnamTime: 'giờ Việt Nam',
    targetOn: 'Chỉ tiêu áp dụng cho',
    measures: { components: 'hồ sơ được số hóa', results: 'kết quả được số hóa', signed: 'ký số', archived: 'lưu trữ' } as Record<string, string>,
    rank: 'Hạng',
    page: 'Trang',
  },
  en: {
    title: 'Digitization of administrative dossiers and results',
    period: 'Period',
    structure: 'Unit structure',
    asReceived: 'as received',
    all: 'all',
    code: 'Code',
    unit: 'Unit',
    level: 'Level',
    received: 'Dossiers received',
    componentsDigitized: 'Dossiers digitized',
    componentsRate: 'Dossier rate (%)',
    resultsIssued: 'Results issued',
    resultsDigitized: 'Results digitized',
    resultsRate: 'Result rate (%)',
    signed: 'Signed',
    archived: 'Archived',
    target: 'Target (%)',
    gap: 'Gap (points)',
    met: 'Met',
    yes: 'met',
    no: 'not met',
    noData: '—',
    own: 'own',
    area: 'area',
    summary: 'Summary by level',
    units: 'Units',
    levels: { province: 'Province level', district: 'District level', commune: 'Commune level' } as Record<Level, string>,
    generated: 'Generated',
    chartNote: 'Each bar is a unit (dossiers it received itself); the red line is the target.',
    warnings: 'Warnings',
    signedRate: 'Signed rate (%)',
    archivedRate: 'Archived rate (%)',
    total: 'Whole area',
    furthestBelow: 'The three units furthest below target',
    trend: 'Trend',
    periodCol: 'Period',
    byMonth: 'by month',
    byQuarter: 'by quarter',
    legendComponents: 'Dossier rate',
    legendResults: 'Result rate',
    legendTarget: 'Target',
    vietnamTime: 'Vietnam time',
    targetOn: 'Target applies to',
    measures: { components: 'dossiers digitized', results: 'results digitized', signed: 'signed', archived: 'archived' } as Record<string, string>,
    rank: 'Rank',
    page: 'Page',
  },
} as const;

export type Labels = (typeof LABELS)['vi'];

/** `dd/mm/yyyy HH:mm` in Vietnam time (UTC+7 all year, no daylight saving). */
export function vietnamTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** `12,5` in Vietnamese, `12.5` in English; a dash for no data. */
export function formatRate(n: number | null, lang: Lang): string {
  return n === null ? '—' : formatNumber(n, lang);
}

/** `2022-03-31` → `31/03/2022` in Vietnamese; other text as it is. */
export function formatDate(d: string, lang: Lang): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? formatDateIn(d, lang) : d;
}

export function labels(lang: Lang): Labels {
  return LABELS[lang] as Labels;
}
