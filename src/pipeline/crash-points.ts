/**
 * Test hook for the crash-and-resume tests: `SOHOA_DEBUG_KILL_AT=point[:n]` makes the process
 * SIGKILL itself the n-th time (default 1st) it reaches `point`. Points: `ocr` (a page is being
 * recognised), `after-sign` (signed.pdf is durable, the catalog not yet told), `upload` (the PDF
 * object is stored, its sidecar not yet), `before-commit` (both objects stored, catalog not yet told).
 */
export type CrashPoint = 'ocr' | 'after-sign' | 'upload' | 'before-commit';

const spec = process.env.SOHOA_DEBUG_KILL_AT;
const [wanted, nth] = spec ? spec.split(':') : [];
let seen = 0;

export function crashPoint(point: CrashPoint): void {
  if (!wanted || wanted !== point) return;
  seen += 1;
  if (seen >= Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
}
