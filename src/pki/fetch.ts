import { SaidError, said } from '../i18n/said.js';

/** HTTP for revocation data: a timeout on every request, and only http(s) URLs. */
export interface FetchOptions {
  timeoutMs: number;
}

export const DEFAULT_REVOCATION_TIMEOUT_MS = 10_000;
/** CRLs of national CAs run to megabytes; nothing legitimate is larger than this. */
const MAX_BYTES = 32 * 1024 * 1024;

export async function httpGet(url: string, o: FetchOptions): Promise<Buffer> {
  return request(url, { method: 'GET' }, o);
}

export async function httpPost(url: string, body: Buffer, contentType: string, o: FetchOptions): Promise<Buffer> {
  return request(url, { method: 'POST', body, headers: { 'content-type': contentType } }, o);
}

async function request(url: string, init: RequestInit, o: FetchOptions): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new SaidError(said('revocation.onlyHttp', { url }));
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(o.timeoutMs), redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: Error };
    const why = err.name === 'TimeoutError' ? said('revocation.timeout', { ms: o.timeoutMs }) : (err.cause?.message ?? err.message);
    throw new SaidError(said('revocation.unreachable', { url, why }));
  }
  if (!res.ok) throw new SaidError(said('revocation.httpStatus', { url, status: res.status }));
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > MAX_BYTES) throw new SaidError(said('revocation.tooLarge', { url, n: body.length, max: MAX_BYTES }));
  return body;
}
