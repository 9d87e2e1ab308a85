import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import signpdfModule from '@signpdf/signpdf';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { P12Signer } from '../src/adapters/signers/p12.js';
import { createDemoP12 } from '../src/stages/sign/demo.js';
import { signPdf } from '../src/stages/sign/index.js';
import { PadesSignpdfSigner } from '../src/stages/sign/signpdf-signer.js';
import { verifyPdf } from '../src/verify/index.js';
import type { Benchmark } from './index.js';
import { fmt } from './util.js';

// CommonJS default export seen through ESM: the SignPdf instance is `.default`.
const signpdf = ((signpdfModule as unknown as { default?: typeof signpdfModule }).default ?? signpdfModule) as unknown as { sign(pdf: Buffer, signer: PadesSignpdfSigner): Promise<Buffer> };
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * P12 signing throughput on one core (one event loop, sequential), for a 1-page and a 20-page
 * scanned PDF (a 150 dpi JPEG per page). Baselines in the same run: the bare RSA signature
 * (OpenSSL's crypto.sign: the floor), and @signpdf/signpdf with its own placeholder and the
 * same CMS (no appearance, no self-verification). Goal: ≥ 30 signatures/s for 1 page.
 */
async function scannedPdf(pages: number): Promise<Buffer> {
  const noise = await sharp(crypto.randomBytes(620 * 877), { raw: { width: 620, height: 877, channels: 1 } }).resize(1240, 1754).jpeg({ quality: 70 }).toBuffer();
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const img = await doc.embedJpg(noise); // one image object per page, as in a real scan
    const p = doc.addPage([595, 842]);
    p.drawImage(img, { x: 0, y: 0, width: 595, height: 842 });
    p.drawText(`trang ${i + 1}`, { x: 20, y: 20, size: 8, font });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Runs `fn` repeatedly for about `seconds` and returns operations per second. */
async function rate(fn: () => Promise<unknown>, seconds = 3): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up (font subset, JIT)
  const start = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0;
  while (elapsed < seconds) {
    await fn();
    n++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return n / elapsed;
}

export const signBench: Benchmark = {
  name: 'sign',
  description: 'P12 PAdES signing throughput (PDFs/s on one core), 1-page and 20-page, against crypto.sign and @signpdf/signpdf',
  async run() {
    const demo = await createDemoP12(mkdtempSync(path.join(os.tmpdir(), 'sohoa-bench-sign-')));
    const signer = P12Signer.fromBytes(readFileSync(demo.p12Path), demo.passphrase);
    const adapter = new PadesSignpdfSigner(signer);
    const attrs = crypto.randomBytes(120);
    const rawSign = await rate(() => signer.sign(attrs));
    console.log(`baseline crypto.sign (RSA-2048, SHA-256): ${fmt(rawSign, 0)} /s`);
    for (const pages of [1, 20]) {
      const pdf = await scannedPdf(pages);
      const copy = await rate(() => signPdf(pdf, signer, { agency: 'UBND xã Long Đức, tỉnh Vĩnh Long', copyType: 'SAO Y' }));
      const none = await rate(() => signPdf(pdf, signer, { appearance: 'none' }));
      const lib = await rate(async () => {
        const withPlaceholder = plainAddPlaceholder({ pdfBuffer: pdf, reason: 'bench', contactInfo: '', name: 'bench', location: '', subFilter: SUBFILTER_ETSI_CADES_DETACHED, signatureLength: 8192 });
        return signpdf.sign(withPlaceholder, adapter);
      });
      const verify = await rate(async () => verifyPdf(await signPdf(pdf, signer, { appearance: 'none' })).then(() => undefined));
      const mb = (pdf.length / 1024 / 1024).toFixed(1);
      console.log(`${pages} page(s), ${mb} MB:`);
      console.log(`  sohoa sign, Decree 30 box + self-verify: ${fmt(copy)} PDFs/s  (${fmt(copy / lib, 2)}x @signpdf/signpdf, ${fmt((100 * copy) / rawSign, 1)}% of bare crypto.sign)`);
      console.log(`  sohoa sign, invisible + self-verify:     ${fmt(none)} PDFs/s  (${fmt(none / lib, 2)}x @signpdf/signpdf)`);
      console.log(`  @signpdf/signpdf + placeholder-plain:   ${fmt(lib)} PDFs/s  (no appearance, no verification)`);
      console.log(`  sign + separate verifyPdf:               ${fmt(verify)} PDFs/s`);
      if (pages === 1) console.log(`  goal >= 30/s for 1 page: ${copy >= 30 ? 'met' : 'NOT met'}`);
    }
  },
};
