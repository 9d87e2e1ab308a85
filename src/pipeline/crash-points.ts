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

/**
 * With a kill point set, wraps an object store so that `upload` fires once the PDF is stored and
 * before its sidecar is, and `before-commit` once the sidecar is stored. Otherwise returns it as is.
 */
export function withCrashPoints<T extends { put(key: string, ...rest: never[]): Promise<unknown> }>(store: T): T {
  if (wanted !== 'upload' && wanted !== 'before-commit') return store;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'put' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (key: string, ...rest: never[]) => {
        const sidecar = key.endsWith('.json');
        if (sidecar) crashPoint('upload');
        const out = await (value as (k: string, ...r: never[]) => Promise<unknown>).call(target, key, ...rest);
        if (sidecar) crashPoint('before-commit');
        return out;
      };
    },
  });
}
