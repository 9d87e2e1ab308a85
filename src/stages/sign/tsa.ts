import crypto from 'node:crypto';
import { SigningError } from '../../errors.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { OID, childrenOf, contentOf, parseBer, rawOf } from '../../verify/der.js';
import { checkTimestampToken } from '../../verify/cms.js';
import { english, said } from '../../i18n/said.js';

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
    const req = timestampRequest(digest, nonce);
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
        key: 'sign.err.tsaUnreachable',
        params: { url: this.url, detail: (e as Error).message },
        hintKey: 'sign.err.tsaUnreachableHint',
      });
    }
    let token: Buffer;
    try {
      // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
      const [statusInfo, tokenNode] = childrenOf(parseBer(body));
      const [statusNode, statusText] = childrenOf(statusInfo);
      if (!(statusNode instanceof asn1js.Integer)) throw new Error('no PKIStatus');
      const status = statusNode.valueBlock.valueDec;
      if (status !== 0 && status !== 1) {
        const text = childrenOf(statusText).map((c) => contentOf(c).toString('utf8')).join(' ');
        throw new SigningError(`The time-stamp authority ${this.url} refused the request (status ${status}${text ? `: ${text}` : ''})`, {
          key: 'sign.err.tsaRefused',
          params: { url: this.url, status, text: text ? `: ${text}` : '' },
        });
      }
      if (!tokenNode) throw new SigningError(`The time-stamp authority ${this.url} granted but returned no token`, { key: 'sign.err.tsaNoToken', params: { url: this.url } });
      token = rawOf(tokenNode);
    } catch (e) {
      if (e instanceof SigningError) throw e;
      throw new SigningError(`Expected an RFC 3161 response from ${this.url}, got something unreadable: ${(e as Error).message}`, {
        cause: e,
        key: 'sign.err.tsaUnreadable',
        params: { url: this.url, detail: (e as Error).message },
      });
    }
    const check = checkTimestampToken(token, [data], nonce);
    if (check.errors.length || !check.valid)
      {
      const why = check.errors.length ? check.errors : [said('verifyProblem.tokenSignature')];
      const detail = why.map(english).join('; ');
      throw new SigningError(`The time-stamp token from ${this.url} does not check out: ${detail}`, { key: 'sign.err.tsaBadToken', params: { url: this.url, detail }, paramsSaid: { detail: why } });
    }
    return token;
  }

  /** Size of a token from this TSA, measured once, for sizing the signature placeholder. */
  async tokenSize(): Promise<number> {
    this.probed ??= (await this.stamp(crypto.randomBytes(256))).length;
    return this.probed;
  }
}

/** A DER TimeStampReq (RFC 3161) for a SHA-256 digest, with a nonce, asking for the TSA's certificate. */
function timestampRequest(digest: Buffer, nonce: bigint): Buffer {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest }),
    }),
    nonce: asn1js.Integer.fromBigInt(nonce),
    certReq: true,
  });
  return Buffer.from(req.toSchema().toBER(false));
}
