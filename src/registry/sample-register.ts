import type { Unit } from '../domain/units.js';
import { REGISTER_COLUMNS } from './register-import.js';

/** Small deterministic PRNG (mulberry32), so generated registers are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROVINCE_AGENCIES = ['Sở Tư pháp', 'Sở Tài nguyên và Môi trường', 'Sở Kế hoạch và Đầu tư', 'Sở Xây dựng', 'Sở Y tế'];
const PROCEDURES = ['1.001193', '2.000889', '1.004227', '2.002226', '1.010819', '3.000150'];

export interface SampleOptions {
  count: number;
  seed?: number;
  /** Received dates are drawn from [from, to]. */
  from?: string;
  to?: string;
  /** Share of dossiers received at each level. */
  shares?: { province: number; district: number; commune: number };
}

/**
 * Generates register rows (as CSV lines, header first) over the given units, lazily, so a
 * million rows need no memory. Digitization rates vary by unit so that some meet targets.
 */
export function* sampleRegisterLines(units: readonly Unit[], opts: SampleOptions): Generator<string> {
  const rnd = prng(opts.seed ?? 42);
  const shares = opts.shares ?? { province: 0.2, district: 0.3, commune: 0.5 };
  const byLevel = {
    province: units.filter((u) => u.level === 'province'),
    district: units.filter((u) => u.level === 'district'),
    commune: units.filter((u) => u.level === 'commune'),
  };
  const from = Date.parse(opts.from ?? '2022-01-01');
  const to = Date.parse(opts.to ?? '2022-12-31');
  const days = Math.max(1, Math.round((to - from) / 86400000));
  // A per-unit digitization propensity, stable for a seed.
  const propensity = new Map(units.map((u) => [u.id, 0.05 + 0.6 * rnd()]));
  yield REGISTER_COLUMNS.join(',');
  for (let i = 1; i <= opts.count; i++) {
    const r = rnd();
    const level = r < shares.province ? 'province' : r < shares.province + shares.district ? 'district' : 'commune';
    const pool = byLevel[level].length ? byLevel[level] : byLevel.commune.length ? byLevel.commune : units;
    const unit = pool[Math.floor(rnd() * pool.length)]!;
    const received = new Date(from + Math.floor(rnd() * days) * 86400000);
    const resolvedP = rnd() < 0.8;
    const resolved = resolvedP ? new Date(received.getTime() + Math.floor(rnd() * 20) * 86400000) : null;
    const p = propensity.get(unit.id) ?? 0.4;
    const agency = level === 'province' ? PROVINCE_AGENCIES[i % PROVINCE_AGENCIES.length]! : `UBND ${unit.name}`;
    yield [
      `${unit.code}-${received.getUTCFullYear()}-${String(i).padStart(7, '0')}`,
      PROCEDURES[i % PROCEDURES.length],
      unit.code,
      agency.includes(',') ? `"${agency}"` : agency,
      received.toISOString().slice(0, 10),
      resolved ? resolved.toISOString().slice(0, 10) : '',
      rnd() < p ? '1' : '0',
      resolved && rnd() < p ? '1' : '0',
    ].join(',');
  }
}
