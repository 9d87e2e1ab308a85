import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import sharp from 'sharp';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ExitCode, OutputCheckError, SigningError } from '../../../src/errors.js';
import { P12Signer } from '../../../src/adapters/signers/p12.js';
import { checkSigner, createDemoP12, openSigner, signPdf } from '../../../src/stages/sign/index.js';
import type { Signer } from '../../../src/ports/signer.js';
import { verifyPdf } from '../../../src/verify/index.js';
import * as pkijs from 'pkijs';
import { OID, parseBer } from '../../../src/verify/der.js';
import { PdfFile } from '../../../src/verify/pdf/file.js';
import { decodeStream } from '../../../src/verify/pdf/filters.js';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString } from '../../../src/verify/pdf/objects.js';
import { findSignatures } from '../../../src/verify/signatures.js';
import { tempDir } from '../../helpers/cli.js';
import { PASSPHRASE } from '../../helpers/pki.js';
import { makePdf, signedPdf, testSigner } from './fixtures.js';

function lastSignature(pdf: Buffer) {
  const f = PdfFile.open(pdf);
  const sigs = findSignatures(f).signed;
  return { f, sig: sigs[sigs.length - 1]! };
}

function signedAttrOids(pdf: Buffer): string[] {
  const { sig } = lastSignature(pdf);
  const ci = new pkijs.ContentInfo({ schema: parseBer(Buffer.from((sig.dict.get('Contents') as PdfString).bytes)) });
  const sd = new pkijs.SignedData({ schema: ci.content });
  return sd.signerInfos[0]!.signedAttrs!.attributes.map((a) => a.type);
}

describe('signPdf: PAdES B-B', () => {
  it('signs a classic-xref PDF: ETSI.CAdES.detached, SHA-256, signing-certificate-v2, no signingTime', async () => {
    const pdf = await signedPdf({ agency: 'UBND xã Long Đức', signingTime: new Date('2022-01-13T03:20:00Z'), allowExpired: true });
    const r = await verifyPdf(pdf);
    // 2022 is before the test certificate was issued: intact, but the certificate was not valid then (exit 7).
    expect(r.verdict).toBe('untrusted');
    const s = r.signatures[0]!;
    expect(s).toMatchObject({ subFilter: 'ETSI.CAdES.detached', digestAlgorithm: 'sha256', intact: true, coversWholeFile: true, certValidAtSigning: false });
    expect(s.subject).toContain('UBND xã Long Đức');
    const oids = signedAttrOids(pdf);
    expect(oids).toEqual(expect.arrayContaining([OID.contentType, OID.messageDigest, OID.signingCertificateV2]));
    expect(oids).not.toContain(OID.signingTime);
    const { sig } = lastSignature(pdf);
    expect((sig.dict.get('M') as PdfString).text()).toBe("D:20220113102000+07'00'");
  });

  it('keeps the input bytes as the prefix (incremental update) and writes an xref stream for xref-stream inputs', async () => {
    const input = await makePdf(2, true);
    const { signer } = await testSigner();
    const out = Buffer.from(await signPdf(input, signer, { agency: 'Sở Tư pháp' }));
    expect(out.subarray(0, input.length).equals(input)).toBe(true);
    const f = PdfFile.open(out);
    expect(f.sections[0]!.kind).toBe('stream');
    expect(f.sections[0]!.trailer.get('Prev')).toBe(PdfFile.open(input).startxref);
    expect((await verifyPdf(out)).verdict).toBe('valid');
  });

  it('adds a second signature without breaking the first', async () => {
    const { signer } = await testSigner();
    const once = await signedPdf();
    const twice = Buffer.from(await signPdf(once, signer, { appearance: 'none' }));
    const r = await verifyPdf(twice);
    expect(r.verdict).toBe('valid');
    expect(r.signatures).toHaveLength(2);
    expect(r.signatures.every((s) => s.intact && s.changesAfter.length === 0)).toBe(true);
    expect(r.signatures[0]!.permittedAfter.join()).toMatch(/signature/);
    expect(new Set(findSignatures(PdfFile.open(twice)).signed.map((s) => s.field)).size).toBe(2);
  });

  it('draws the Decree 30 box at the top right of page 1 with the right Vietnamese glyphs', async () => {
    const time = new Date('2022-01-13T03:20:00Z');
    const pdf = await signedPdf({ agency: 'UBND xã Long Đức', copyType: 'SAO LỤC', signingTime: time, allowExpired: true });
    const { f } = lastSignature(pdf);
    const page = f.dict(f.pages()[0]!)!;
    const widget = f.dict((f.resolve(page.get('Annots')) as PdfRef[]).at(-1))!;
    const [x0, y0, x1, y1] = widget.get('Rect') as number[];
    expect(x1!).toBeGreaterThan(595 - 40);
    expect(y1!).toBeGreaterThan(842 - 40);
    expect(x0!).toBeGreaterThan(595 / 2);
    expect(y1! - y0!).toBeGreaterThanOrEqual(36);
    const ap = f.resolve((widget.get('AP') as PdfDict).get('N')) as PdfStream;
    const content = decodeStream(ap).toString('latin1');
    expect(content).toContain('/F1 10 Tf');
    expect(content).not.toMatch(/ Do\b/); // no image in the copy appearance
    // Decode the shown glyphs through the font's ToUnicode map and check them against Tinos.
    const type0 = f.dict(((ap.dict.get('Resources') as PdfDict).get('Font') as PdfDict).get('F1'))!;
    const cmap = decodeStream(f.resolve(type0.get('ToUnicode')) as PdfStream).toString('latin1');
    const toUni = new Map([...cmap.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g)].map((m) => [parseInt(m[1]!, 16), Buffer.from(m[2]!, 'hex').swap16().toString('utf16le')]));
    const lines = [...content.matchAll(/<([0-9A-F]+)> Tj/g)].map((m) => m[1]!.match(/.{4}/g)!.map((h) => toUni.get(parseInt(h, 16))).join(''));
    expect(lines).toEqual(['SAO LỤC', 'UBND xã Long Đức', '2022-01-13T10:20:00+07:00']);
    const tinos = fontkit.create(readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf')));
    const ụ = [...toUni].find(([, u]) => u === 'Ụ')![0];
    expect(ụ).toBe(tinos.glyphsForString('Ụ')[0]!.id);
    const font = f.dict(type0.get('DescendantFonts') && (type0.get('DescendantFonts') as PdfRef[])[0])!;
    expect((font.get('BaseFont') as PdfName).name).toMatch(/^[A-Z]{6}\+Tinos/);
  });

  it('keeps the box upright at the displayed top right of a rotated page', async () => {
    const { PDFDocument, degrees } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.addPage([595, 842]).setRotation(degrees(90));
    const pdf = await signedPdf({ agency: 'UBND xã Long Đức' }, Buffer.from(await doc.save()));
    const { f } = lastSignature(pdf);
    const widget = f.dict((f.resolve(f.dict(f.pages()[0]!)!.get('Annots')) as PdfRef[]).at(-1))!;
    const [x0, , , y1] = widget.get('Rect') as number[];
    expect(x0!).toBeLessThan(40); // displayed top right of a page turned 90° clockwise = page top left
    expect(y1!).toBeGreaterThan(800);
    const ap = f.resolve((widget.get('AP') as PdfDict).get('N')) as PdfStream;
    expect(ap.dict.get('Matrix')).toEqual([0, 1, -1, 0, 0, 0]);
  });

  it('makes an invisible signature with --appearance none', async () => {
    const pdf = await signedPdf({ appearance: 'none' });
    const { f } = lastSignature(pdf);
    const widget = f.dict((f.resolve(f.dict(f.pages()[0]!)!.get('Annots')) as PdfRef[]).at(-1))!;
    expect(widget.get('Rect')).toEqual([0, 0, 0, 0]);
    expect(widget.has('AP')).toBe(false);
  });

  it('puts the agency seal at its actual size in the seal variant', async () => {
    const dir = tempDir();
    const seal = path.join(dir, 'seal.png');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><circle cx="150" cy="150" r="140" fill="none" stroke="red" stroke-width="12"/></svg>';
    await sharp(Buffer.from(svg)).png().withMetadata({ density: 300 }).toFile(seal);
    const pdf = await signedPdf({ appearance: 'seal', seal, agency: 'UBND xã Long Đức' });
    const { f } = lastSignature(pdf);
    const widget = f.dict((f.resolve(f.dict(f.pages()[0]!)!.get('Annots')) as PdfRef[]).at(-1))!;
    const ap = f.resolve((widget.get('AP') as PdfDict).get('N')) as PdfStream;
    expect(decodeStream(ap).toString('latin1')).toMatch(/72 0 0 72 [\d.]+ [\d.]+ cm \/Seal Do/); // 300 px at 300 dpi = 1 inch
    const img = f.dict(((ap.dict.get('Resources') as PdfDict).get('XObject') as PdfDict).get('Seal'))!;
    expect(img.get('SMask')).toBeInstanceOf(PdfRef);
    expect((await verifyPdf(pdf)).verdict).toBe('valid');
  });
});

describe('signPdf: refusals (exit 6) and self-check (exit 4)', () => {
  it('refuses a wrong passphrase', async () => {
    const { pki } = await testSigner();
    await expect(P12Signer.open(pki.signerP12, 'wrong')).rejects.toThrow(/Wrong passphrase/);
    await expect(P12Signer.open(pki.signerP12, 'wrong')).rejects.toMatchObject({ exitCode: ExitCode.Signing });
  });

  it('refuses an expired certificate unless allowed', async () => {
    const { pki } = await testSigner();
    const expired = await P12Signer.open(pki.expiredP12, PASSPHRASE);
    await expect(signPdf(await makePdf(), expired, { appearance: 'none' })).rejects.toThrow(/expired/);
    const out = await signPdf(await makePdf(), expired, { appearance: 'none', allowExpired: true });
    const r = await verifyPdf(out);
    expect(r.signatures[0]!.intact).toBe(true);
    expect(r.signatures[0]!.certValidAtSigning).toBe(false);
  });

  it('refuses an encrypted input', async () => {
    const { signer } = await testSigner();
    const pdf = (await makePdf()).toString('latin1').replace(/trailer\s*<</, 'trailer\n<< /Encrypt 1 0 R');
    await expect(signPdf(Buffer.from(pdf, 'latin1'), signer, { appearance: 'none' })).rejects.toThrow(SigningError);
  });

  it('fails with SigningError when the TSA is unreachable', async () => {
    const { signer } = await testSigner();
    await expect(signPdf(await makePdf(), signer, { appearance: 'none', tsa: 'http://127.0.0.1:9/tsr' })).rejects.toThrow(/time-stamp authority/);
  });

  it('needs an agency name for the visible box', async () => {
    const { signer } = await testSigner();
    await expect(signPdf(await makePdf(), signer, {})).rejects.toThrow(/agency's name/);
  });

  it('throws OutputCheckError (exit 4) when the produced signature does not verify', async () => {
    const { signer } = await testSigner();
    // Fault injection: a signer that returns a wrong signature value.
    const broken: Signer = Object.assign(Object.create(Object.getPrototypeOf(signer)), signer, {
      sign: async (d: Buffer) => Buffer.from(await signer.sign(Buffer.concat([d, Buffer.from('x')]))),
    });
    const err = await signPdf(await makePdf(), broken, { appearance: 'none' }).catch((e) => e);
    expect(err).toBeInstanceOf(OutputCheckError);
    expect(err.exitCode).toBe(ExitCode.OutputCheck);
  });

  it('sizes the placeholder from the real chain (4096-bit key, three certificates)', async () => {
    const { issueCertificate, toP12 } = await import('../../../src/stages/sign/pki.js');
    const root = issueCertificate({ subject: { CN: 'Big Root' }, ca: true, bits: 4096 });
    const mid = issueCertificate({ subject: { CN: 'Big Intermediate' }, ca: true, issuer: root, bits: 4096 });
    const leaf = issueCertificate({ subject: { CN: 'Big Signer' }, issuer: mid, bits: 4096 });
    const signer = P12Signer.fromBytes(toP12(leaf, [mid, root], 'x'), 'x');
    expect(signer.chain).toHaveLength(2);
    const r = await verifyPdf(await signPdf(await makePdf(), signer, { appearance: 'none' }));
    expect(r.verdict).toBe('valid');
  });
});

describe('openSigner and the demo P12', () => {
  it('opens a P12 from config with the passphrase from the environment, and checks it', async () => {
    const { pki } = await testSigner();
    const s = await openSigner({ p12: pki.signerP12, passphraseEnv: 'SOHOA_TEST_PASS', copyType: 'SAO Y', appearance: 'copy', allowExpired: false }, { SOHOA_TEST_PASS: PASSPHRASE });
    const info = await s.check();
    expect(info.subject).toContain('UBND xã Long Đức');
    await s.close();
    await expect(openSigner({ p12: pki.signerP12, passphraseEnv: 'NOPE', copyType: 'SAO Y', appearance: 'copy', allowExpired: false }, {})).rejects.toThrow(/NOPE/);
    await expect(openSigner({ copyType: 'SAO Y', appearance: 'copy', allowExpired: false }, {})).rejects.toThrow(/No signing key/);
    const expired = { p12: pki.expiredP12, passphraseEnv: 'P', copyType: 'SAO Y' as const, appearance: 'copy' as const, allowExpired: false };
    await expect(checkSigner(expired, { P: PASSPHRASE })).rejects.toMatchObject({ exitCode: ExitCode.Signing });
    expect((await checkSigner({ ...expired, allowExpired: true }, { P: PASSPHRASE })).subject).toContain('Expired signer');
  });

  it('creates a DEMO P12 that signs', async () => {
    const demo = await createDemoP12(tempDir());
    const s = await openSigner({ p12: demo.p12Path, passphraseFile: demo.passphraseFile, copyType: 'SAO Y', appearance: 'copy', allowExpired: false });
    expect((await s.check()).subject).toMatch(/DEMO/);
    const r = await verifyPdf(await signPdf(await makePdf(), s, { agency: 'DEMO' }));
    expect(r.verdict).toBe('valid');
  });
});
