/**
 * Test PKI made in test setup, never committed: a root CA, an intermediate, a signer, an
 * expired signer, a TSA certificate, P12 files, a local RFC 3161 TSA backed by
 * `openssl ts -reply`, and a SoftHSM2 token with the signer's key.
 */
import { execFileSync, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { issueCertificate, toP12, type Issued } from '../../src/stages/sign/pki.js';
import { certIds } from '../../src/verify/certs.js';

export const PASSPHRASE = 'test-pass-Đức';

export interface TestPki {
  dir: string;
  root: Issued;
  intermediate: Issued;
  signer: Issued;
  expired: Issued;
  tsa: Issued;
  /** signer + intermediate + root, passphrase PASSPHRASE */
  signerP12: string;
  expiredP12: string;
  /** Folder with the root CA (for --trust) and one with an unrelated CA. */
  trustDir: string;
  otherTrustDir: string;
}

export function makeTestPki(dir: string): TestPki {
  mkdirSync(dir, { recursive: true });
  const root = issueCertificate({ subject: { CN: 'sohoa Test Root CA', O: 'sohoa tests', C: 'VN' }, ca: true });
  const intermediate = issueCertificate({ subject: { CN: 'sohoa Test Intermediate CA', O: 'sohoa tests', C: 'VN' }, ca: true, issuer: root });
  const signer = issueCertificate({ subject: { CN: 'UBND xã Long Đức', O: 'sohoa tests', C: 'VN' }, issuer: intermediate });
  const expired = issueCertificate({
    subject: { CN: 'Expired signer', O: 'sohoa tests', C: 'VN' },
    issuer: intermediate,
    notBefore: new Date(Date.now() - 3 * 365 * 86400_000),
    notAfter: new Date(Date.now() - 365 * 86400_000),
  });
  const tsa = issueCertificate({ subject: { CN: 'sohoa Test TSA', O: 'sohoa tests', C: 'VN' }, issuer: root, eku: 'timeStamping' });
  const other = issueCertificate({ subject: { CN: 'Unrelated CA', C: 'VN' }, ca: true });
  const signerP12 = path.join(dir, 'signer.p12');
  const expiredP12 = path.join(dir, 'expired.p12');
  writeFileSync(signerP12, toP12(signer, [intermediate, root], PASSPHRASE));
  writeFileSync(expiredP12, toP12(expired, [intermediate, root], PASSPHRASE));
  const trustDir = path.join(dir, 'trust');
  const otherTrustDir = path.join(dir, 'trust-other');
  mkdirSync(trustDir, { recursive: true });
  mkdirSync(otherTrustDir, { recursive: true });
  writeFileSync(path.join(trustDir, 'root.pem'), root.certPem);
  writeFileSync(path.join(otherTrustDir, 'other.pem'), other.certPem);
  return { dir, root, intermediate, signer, expired, tsa, signerP12, expiredP12, trustDir, otherTrustDir };
}

export interface LocalTsa {
  url: string;
  requests: number;
  close(): Promise<void>;
}

/**
 * An RFC 3161 TSA on a loopback port: each request is answered by `openssl ts -reply`.
 * `replay: true` answers every request after the first with the first response (a TSA
 * that ignores the imprint and nonce), for testing that sohoa checks them.
 */
export async function startTsa(pki: Pick<TestPki, 'dir' | 'tsa' | 'root'>, opts: { replay?: boolean } = {}): Promise<LocalTsa> {
  const dir = path.join(pki.dir, `tsa-${crypto.randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tsa.pem'), pki.tsa.certPem);
  writeFileSync(path.join(dir, 'tsa.key'), pki.tsa.keyPem);
  writeFileSync(path.join(dir, 'chain.pem'), pki.root.certPem);
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(
    path.join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa1',
      '[ tsa1 ]',
      `serial = ${path.join(dir, 'serial')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
    ].join('\n'),
  );
  const run = promisify(execFile);
  let first: Buffer | undefined;
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      state.requests++;
      try {
        if (opts.replay && first) {
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(first);
          return;
        }
        const id = crypto.randomBytes(4).toString('hex');
        const q = path.join(dir, `${id}.tsq`);
        const r = path.join(dir, `${id}.tsr`);
        writeFileSync(q, Buffer.concat(chunks));
        await run('openssl', ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', q, '-signer', path.join(dir, 'tsa.pem'), '-inkey', path.join(dir, 'tsa.key'), '-chain', path.join(dir, 'chain.pem'), '-out', r]);
        const body = readFileSync(r);
        first ??= body;
        res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
      } catch (e) {
        res.writeHead(500).end(String(e));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/tsr`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_LABEL = 'sohoa-test';
export const KEY_LABEL = 'signing';
export const USER_PIN = '246810';

/**
 * A SoftHSM2 token in a temporary folder (its own SOFTHSM2_CONF) holding the signer's key
 * (imported with softhsm2-util) and its certificate chain (created through PKCS#11).
 * Returns the environment to run sohoa with.
 */
export function setupSoftHsm(pki: TestPki): NodeJS.ProcessEnv {
  const dir = path.join(pki.dir, 'softhsm');
  mkdirSync(path.join(dir, 'tokens'), { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', TOKEN_LABEL, '--so-pin', '13579', '--pin', USER_PIN], { env, stdio: 'pipe' });
  const keyFile = path.join(dir, 'key.pem');
  writeFileSync(keyFile, crypto.createPrivateKey(pki.signer.keyPem).export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('softhsm2-util', ['--import', keyFile, '--token', TOKEN_LABEL, '--label', KEY_LABEL, '--id', 'a1b2', '--pin', USER_PIN], { env, stdio: 'pipe' });
  // softhsm2-util cannot import certificates; create them through PKCS#11 in a child
  // process, so that this process's module state is not touched.
  const script = `
    const g = require(${JSON.stringify(createRequire(import.meta.url).resolve('pkcs11js'))});
    const p = new g.PKCS11(); p.load(${JSON.stringify(SOFTHSM_MODULE)}); p.C_Initialize();
    const slot = p.C_GetSlotList(true).find((s) => p.C_GetTokenInfo(s).label.trim() === ${JSON.stringify(TOKEN_LABEL)});
    const s = p.C_OpenSession(slot, g.CKF_SERIAL_SESSION | g.CKF_RW_SESSION);
    p.C_Login(s, g.CKU_USER, ${JSON.stringify(USER_PIN)});
    const certs = ${JSON.stringify(
      [
        [pki.signer.certDer, KEY_LABEL, 'a1b2'],
        [pki.intermediate.certDer, 'intermediate', 'c1'],
        [pki.root.certDer, 'root', 'c2'],
      ].map(([der, label, id]) => {
        const ids = certIds(der as Buffer);
        return [(der as Buffer).toString('base64'), label, id, ids.subjectDer.toString('base64'), ids.issuerDer.toString('base64'), ids.serialDer.toString('base64')];
      }),
    )};
    for (const [b64, label, id, subject, issuer, serial] of certs) p.C_CreateObject(s, [
      { type: g.CKA_SUBJECT, value: Buffer.from(subject, 'base64') }, { type: g.CKA_ISSUER, value: Buffer.from(issuer, 'base64') },
      { type: g.CKA_SERIAL_NUMBER, value: Buffer.from(serial, 'base64') },
      { type: g.CKA_CLASS, value: g.CKO_CERTIFICATE }, { type: g.CKA_CERTIFICATE_TYPE, value: g.CKC_X_509 },
      { type: g.CKA_TOKEN, value: true }, { type: g.CKA_LABEL, value: label }, { type: g.CKA_ID, value: Buffer.from(id, 'hex') },
      { type: g.CKA_VALUE, value: Buffer.from(b64, 'base64') } ]);
    p.C_Logout(s); p.C_CloseSession(s); p.C_Finalize();
  `;
  execFileSync(process.execPath, ['-e', script], { env, stdio: 'pipe' });
  return env;
}

