import { X509Certificate } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { dn } from './certs.js';
import { english, said, type Said } from '../i18n/said.js';

/** Reads every certificate (PEM, possibly several per file, or DER) in a folder. */
export async function loadTrustDir(dir: string): Promise<X509Certificate[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (e) {
    throw new ConfigError(`Expected a folder of CA certificates for --trust, got "${dir}"`, { cause: e, file: dir, key: 'verify.err.trustDir', params: { dir } });
  }
  const out: X509Certificate[] = [];
  for (const n of names.sort()) {
    if (!/\.(pem|crt|cer|der)$/i.test(n)) continue;
    const buf = await fsp.readFile(path.join(dir, n));
    const text = buf.toString('latin1');
    const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    try {
      if (pems) for (const p of pems) out.push(new X509Certificate(p));
      else out.push(new X509Certificate(buf));
    } catch (e) {
      throw new ConfigError(`Expected a certificate in ${n}, but it does not parse`, { cause: e, file: path.join(dir, n), key: 'verify.err.trustCert', params: { file: n } });
    }
  }
  if (out.length === 0) throw new ConfigError(`Expected CA certificates (.pem, .crt, .cer, .der) in ${dir}, found none`, { file: dir, key: 'verify.err.trustEmpty', params: { dir } });
  return out;
}

export interface TrustResult {
  trusted: boolean;
  chain: string[];
  /** English, worded from `reasonSaid`. */
  reason: string;
  reasonSaid: Said;
}

function result(trusted: boolean, chain: X509Certificate[], reasonSaid: Said): TrustResult {
  return { trusted, chain: chain.map((c) => dn(c.subject)), reason: english(reasonSaid), reasonSaid };
}

function issues(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The chain from `cert` upwards through `pool`, as far as issuers are found (signer first). */
export function buildChain(cert: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const chain = [cert];
  let cur = cert;
  for (let i = 0; i < 16; i++) {
    if (cur.checkIssued(cur)) break; // self-signed: the top
    const next = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && !chain.includes(c) && issues(c, cur));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

/** Builds the chain from the signer through `pool` and says whether it reaches one of `anchors`. */
export function checkTrust(signer: X509Certificate, pool: X509Certificate[], anchors: X509Certificate[]): TrustResult {
  const chain = [signer];
  let cur = signer;
  for (let i = 0; i < 16; i++) {
    const anchor = anchors.find((a) => a.fingerprint256 === cur.fingerprint256 || issues(a, cur));
    if (anchor) {
      if (anchor.fingerprint256 !== cur.fingerprint256) chain.push(anchor);
      return result(true, chain, said('verifyTrust.reaches', { ca: dn(anchor.subject) }));
    }
    const next = pool.find((c) => c.fingerprint256 !== cur.fingerprint256 && issues(c, cur));
    if (!next) break;
    chain.push(next);
    cur = next;
  }
  return result(false, chain, anchors.length ? said('verifyTrust.endsAt', { issuer: dn(cur.issuer) }) : said('verifyTrust.noAnchors'));
}
