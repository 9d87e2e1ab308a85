/**
 * Revocation services for the interop tests, made in test setup: one HTTP server on a loopback
 * port that answers OCSP requests with `openssl ocsp` (one-shot, -reqin/-respout) and serves
 * CRLs made by `openssl ca -gencrl`, both from an openssl CA database (index.txt). The test
 * PKI's certificates carry AIA and CRL distribution points pointing at it.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { issueCertificate, toP12, type Issued } from '../../src/stages/sign/pki.js';
import { PASSPHRASE } from './pki.js';

const run = promisify(execFile);

interface CaState {
  dir: string;
  ca: Issued;
  /** Who signs OCSP responses: the CA itself or a delegated responder. */
  responder: Issued;
}

export interface RevocationServer {
  baseUrl: string;
  readonly requests: { ocsp: number; crl: number };
  /** When false, every request gets HTTP 503 (a responder that is down). */
  available: boolean;
  close(): Promise<void>;
}

interface ServerState {
  cas: Map<string, CaState>;
  requests: { ocsp: number; crl: number };
  available: boolean;
}

const states = new WeakMap<RevocationServer, ServerState>();

export async function startRevocationServer(): Promise<RevocationServer> {
  const state: ServerState = { cas: new Map(), requests: { ocsp: 0, crl: 0 }, available: true };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        if (!state.available) return void res.writeHead(503).end('down');
        const m = /^\/(ocsp|crl)\/([a-z]+)/.exec(req.url ?? '');
        const ca = m ? state.cas.get(m[2]!) : undefined;
        if (!m || !ca) return void res.writeHead(404).end();
        const id = crypto.randomBytes(4).toString('hex');
        if (m[1] === 'ocsp') {
          state.requests.ocsp++;
          const q = path.join(ca.dir, `${id}.req`);
          const r = path.join(ca.dir, `${id}.resp`);
          writeFileSync(q, Buffer.concat(chunks));
          const { responder } = ca;
          writeFileSync(path.join(ca.dir, 'rsigner.pem'), responder.certPem);
          writeFileSync(path.join(ca.dir, 'rsigner.key'), responder.keyPem);
          await run('openssl', ['ocsp', '-index', path.join(ca.dir, 'index.txt'), '-CA', path.join(ca.dir, 'ca.pem'), '-rsigner', path.join(ca.dir, 'rsigner.pem'), '-rkey', path.join(ca.dir, 'rsigner.key'), '-reqin', q, '-respout', r, '-ndays', '1']);
          res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(r));
        } else {
          state.requests.crl++;
          const pem = path.join(ca.dir, `${id}.crl.pem`);
          const der = path.join(ca.dir, `${id}.crl`);
          await run('openssl', ['ca', '-gencrl', '-config', path.join(ca.dir, 'ca.cnf'), '-keyfile', path.join(ca.dir, 'ca.key'), '-cert', path.join(ca.dir, 'ca.pem'), '-out', pem]);
          await run('openssl', ['crl', '-in', pem, '-outform', 'DER', '-out', der]);
          res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(readFileSync(der));
        }
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const handle: RevocationServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get available() {
      return state.available;
    },
    set available(v: boolean) {
      state.available = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  states.set(handle, state);
  return handle;
}

/** Makes `who` sign the OCSP responses of CA `ca` from now on (a rogue or misconfigured responder). */
export function setResponder(server: RevocationServer, ca: string, who: Issued): void {
  states.get(server)!.cas.get(ca)!.responder = who;
}

/** `YYMMDDHHMMSSZ`, as openssl's index.txt wants times. */
function indexTime(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

function addCa(server: RevocationServer, name: string, dir: string, ca: Issued, responder: Issued): string {
  const caDir = path.join(dir, `ca-${name}`);
  mkdirSync(caDir, { recursive: true });
  writeFileSync(path.join(caDir, 'ca.pem'), ca.certPem);
  writeFileSync(path.join(caDir, 'ca.key'), ca.keyPem);
  writeFileSync(path.join(caDir, 'index.txt'), '');
  writeFileSync(path.join(caDir, 'index.txt.attr'), 'unique_subject = no\n');
  writeFileSync(path.join(caDir, 'crlnumber'), '01\n');
  writeFileSync(
    path.join(caDir, 'ca.cnf'),
    ['[ ca ]', 'default_ca = CA_default', '[ CA_default ]', `database = ${path.join(caDir, 'index.txt')}`, `crlnumber = ${path.join(caDir, 'crlnumber')}`, 'default_md = sha256', 'default_crl_days = 1', ''].join('\n'),
  );
  states.get(server)!.cas.set(name, { dir: caDir, ca, responder });
  return caDir;
}

/** Records a certificate in its CA's database: valid, or revoked (keyCompromise) at `revokedAt`. */
function record(caDir: string, cert: Issued, revokedAt?: Date): void {
  const serial = cert.cert.serialNumber.toUpperCase();
  const exp = indexTime(cert.cert.validity.notAfter);
  const line = revokedAt ? `R\t${exp}\t${indexTime(revokedAt)},keyCompromise\t${serial}\tunknown\t/CN=x\n` : `V\t${exp}\t\t${serial}\tunknown\t/CN=x\n`;
  appendFileSync(path.join(caDir, 'index.txt'), line);
}

export interface RevocationPki {
  dir: string;
  root: Issued;
  intermediate: Issued;
  /** Delegated OCSP responder of the intermediate (id-kp-OCSPSigning). */
  responder: Issued;
  good: Issued;
  revoked: Issued;
  /** Revoked; its certificate names only a CRL distribution point. */
  revokedCrlOnly: Issued;
  revokedCrlOnlyP12: string;
  /** Points at a port where nothing listens. */
  unreachable: Issued;
  tsa: Issued;
  goodP12: string;
  revokedP12: string;
  unreachableP12: string;
  /** PEM of the root CA, for pdfsig/pyHanko/sohoa --trust. */
  rootPem: string;
  trustDir: string;
}

/**
 * Root → intermediate (status by the root's CRL; the root answers OCSP itself) → signers
 * (status by OCSP from a delegated responder, and by the intermediate's CRL).
 */
export function makeRevocationPki(dir: string, server: RevocationServer): RevocationPki {
  mkdirSync(dir, { recursive: true });
  const b = server.baseUrl;
  const root = issueCertificate({ subject: { CN: 'sohoa LTV Root CA', O: 'sohoa tests', C: 'VN' }, ca: true });
  const intermediate = issueCertificate({ subject: { CN: 'sohoa LTV Issuing CA', O: 'sohoa tests', C: 'VN' }, ca: true, issuer: root, crlUrl: `${b}/crl/root.crl` });
  const responder = issueCertificate({ subject: { CN: 'sohoa LTV OCSP responder', O: 'sohoa tests', C: 'VN' }, issuer: intermediate, eku: 'OCSPSigning' });
  const leaf = (cn: string, base = b, ocsp = true) =>
    issueCertificate({ subject: { CN: cn, O: 'sohoa tests', C: 'VN' }, issuer: intermediate, ocspUrl: ocsp ? `${base}/ocsp/issuing` : undefined, crlUrl: `${base}/crl/issuing.crl` });
  const good = leaf('UBND xã Long Đức');
  const revoked = leaf('Cán bộ đã nghỉ việc');
  const unreachable = leaf('Unreachable CA customer', 'http://127.0.0.1:9');
  const revokedCrlOnly = leaf('Revoked, CRL only', b, false);
  const tsa = issueCertificate({ subject: { CN: 'sohoa LTV TSA', O: 'sohoa tests', C: 'VN' }, issuer: root, eku: 'timeStamping' });
  const rootDir = addCa(server, 'root', dir, root, root);
  record(rootDir, intermediate);
  record(rootDir, tsa);
  const issuingDir = addCa(server, 'issuing', dir, intermediate, responder);
  record(issuingDir, good);
  record(issuingDir, responder);
  record(issuingDir, unreachable);
  record(issuingDir, revoked, new Date(Date.now() - 86400_000));
  record(issuingDir, revokedCrlOnly, new Date(Date.now() - 3600_000));
  const p12 = (name: string, who: Issued) => {
    const f = path.join(dir, `${name}.p12`);
    writeFileSync(f, toP12(who, [intermediate, root], PASSPHRASE));
    return f;
  };
  const trustDir = path.join(dir, 'trust');
  mkdirSync(trustDir, { recursive: true });
  const rootPem = path.join(trustDir, 'root.pem');
  writeFileSync(rootPem, root.certPem);
  return { dir, root, intermediate, responder, good, revoked, revokedCrlOnly, revokedCrlOnlyP12: p12('revoked-crl', revokedCrlOnly), unreachable, tsa, goodP12: p12('good', good), revokedP12: p12('revoked', revoked), unreachableP12: p12('unreachable', unreachable), rootPem, trustDir };
}
