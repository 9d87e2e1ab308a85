import crypto from 'node:crypto';
import { SigningError } from '../../errors.js';
import { NULL, OID, content, derInt, derOid, integer, octetString, parseDer, raw, seq } from '../../verify/asn1.js';
import { checkTimestampToken } from '../../verify/cms.js';

export interface TsaOptions {
  timeoutMs?: number;
}

/** An RFC 3161 time-stamp authority reached over HTTP(S). */
export class TsaClient {
  private probed?: number;
  constructor(
    readonly url: string,
    private readonly opts: TsaOptions = {},
  ) {}

  /**
   * A timestamp token over `data` (the signature value). Checks the response status, the
   * message imprint and the nonce, and the token's own signature.
   */
  async stamp(data: Buffer): Promise<Buffer> {
    const digest = crypto.createHash('sha256').update(data).digest();
    const nonce = BigInt('0x' + crypto.randomBytes(8).toString('hex')) & ((1n << 63n) - 1n);
    const req = seq(Buffer.from([0x02, 0x01, 0x01]), seq(seq(derOid(OID.sha256), NULL), octetString(digest)), derInt(nonce), Buffer.from([0x01, 0x01, 0xff]));
    let body: Buffer;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: req,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      throw new SigningError(`Cannot reach the time-stamp authority ${this.url}: ${(e as Error).message}`, {
        cause: e,
        hint: 'Check the --tsa URL and the network, or sign without --tsa (PAdES B-B).',
      });
    }
    let token: Buffer;
    try {
      const resp = parseDer(body);
      const status = Number(integer(resp.children[0]!.children[0]!));
      if (status !== 0 && status !== 1) {
        const text = resp.children[0]!.children[1]?.children.map((c) => content(c).toString('utf8')).join(' ') ?? '';
        throw new SigningError(`The time-stamp authority ${this.url} refused the request (status ${status}${text ? `: ${text}` : ''})`);
      }
      if (!resp.children[1]) throw new SigningError(`The time-stamp authority ${this.url} granted but returned no token`);
      token = Buffer.from(raw(resp.children[1]));
    } catch (e) {
      if (e instanceof SigningError) throw e;
      throw new SigningError(`Expected an RFC 3161 response from ${this.url}, got something unreadable: ${(e as Error).message}`, { cause: e });
    }
    const check = checkTimestampToken(token, [data], nonce);
    if (check.errors.length || !check.valid)
      throw new SigningError(`The time-stamp token from ${this.url} does not check out: ${check.errors.join('; ') || 'its signature does not verify'}`);
    return token;
  }

  /** Size of a token from this TSA, measured once, for sizing the signature placeholder. */
  async tokenSize(): Promise<number> {
    this.probed ??= (await this.stamp(crypto.randomBytes(256))).length;
    return this.probed;
  }
}
