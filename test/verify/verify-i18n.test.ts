import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { english, word, type Said } from '../../src/i18n/said.js';
import { runCli, SHARED, tempDir } from '../helpers/cli.js';
import { PASSPHRASE } from '../helpers/pki.js';
import { PdfFile } from '../../src/verify/pdf/file.js';
import type { PdfRef } from '../../src/verify/pdf/objects.js';
import { appendUpdate, rewriteByteRange, signedPdf, testSigner } from '../stages/sign/fixtures.js';

/**
 * One language per run (issue 13): what the verifier words itself (problems, notes, changes
 * after signing, trust reasons, revocation notes) is said in Vietnamese by default, and --json
 * keeps the English strings beside their {key, params}.
 */
const vi = { SOHOA_LANG: undefined }; // the helper sets SOHOA_LANG=en for other tests
const CORPUS = path.join(SHARED, 'corpus', 'signatures');

const pdfsUnder = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? pdfsUnder(p) : n.endsWith('.pdf') ? [p] : [];
    });

/** Every English text and its Said in a --json report: `X` beside `XSaid`, one to one for lists. */
function pairs(v: unknown, out: Array<[string, Said]> = []): Array<[string, Said]> {
  if (Array.isArray(v)) v.forEach((x) => pairs(x, out));
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const [k, x] of Object.entries(o)) {
      if (!k.endsWith('Said')) {
        pairs(x, out);
        continue;
      }
      const plain = o[k.slice(0, -4)];
      if (Array.isArray(x)) {
        expect(Array.isArray(plain) && plain.length === x.length, `${k} is one to one with its English`).toBe(true);
        x.forEach((s, i) => out.push([(plain as string[])[i]!, s as Said]));
      } else out.push([plain as string, x as Said]);
    }
  }
  return out;
}

/** The fixed words of the verifier's English texts (the parts between placeholders) that a reader would notice. */
const VERIFIER_KEYS = (Object.keys(en) as Array<keyof typeof en>).filter((k) => /^(verifyProblem|verifyChange|verifyTrust|revocation|signCheck)\./.test(k));
const englishFragments = VERIFIER_KEYS.flatMap((k) => en[k].split(/\{\w+\}/).map((s) => s.trim()))
  .filter((s) => s.length >= 12 && /[a-z]{3,} [a-z]{2,}/.test(s));

function expectNoEnglish(human: string, texts: string[]): void {
  for (const s of texts) if (s.length >= 12) expect(human, `English text left in: ${s}`).not.toContain(s);
  for (const f of englishFragments) expect(human, `English catalogue words left in: ${f}`).not.toContain(f);
}

async function checkRun(files: string[], extra: string[] = []): Promise<Array<[string, Said]>> {
  const human = await runCli(['verify', ...extra, ...files], { env: vi });
  const json = await runCli(['--json', 'verify', ...extra, ...files], { env: vi });
  const jsonEn = await runCli(['--json', '--lang', 'en', 'verify', ...extra, ...files], { env: vi });
  expect(json.stdout.length, json.stderr).toBeGreaterThan(0);
  expect(jsonEn.stdout, 'JSON is the same in both languages').toBe(json.stdout);
  expect(human.code).toBe(json.code);
  const found = pairs(JSON.parse(json.stdout));
  for (const [text, s] of found) {
    expect(s.key in en, `unknown key ${s.key}`).toBe(true);
    expect(english(s), 'the English string is worded from its key').toBe(text);
  }
  expectNoEnglish(human.stdout, found.map(([text]) => text));
  return found;
}

describe('verify speaks one language: the verifier\'s own words (built CLI)', async () => {
  const dir = tempDir('sohoa-verify-i18n-');
  const { pki } = await testSigner();
  const signed = await signedPdf();
  const made: Record<string, string> = {
    good: path.join(dir, 'good.pdf'),
    badRange: path.join(dir, 'bad-range.pdf'),
    png: path.join(dir, 'scan.png'),
    edited: path.join(dir, 'edited.pdf'),
  };
  writeFileSync(made.good!, signed);
  writeFileSync(made.badRange!, rewriteByteRange(signed, ([a, b, c, d]) => [a!, b! - 40, c!, d!]));
  writeFileSync(made.png!, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  // The signed page's content replaced in a later update: a change the report must name.
  const f = PdfFile.open(signed);
  const c = f.dict(f.pages()[0]!)!.get('Contents');
  const contents = (Array.isArray(c) ? c[0] : c) as PdfRef;
  const data = 'BT /F1 24 Tf 50 700 Td (Da sua) Tj ET';
  writeFileSync(made.edited!, appendUpdate(signed, { [contents.num]: `<< /Length ${data.length} >>\nstream\n${data}\nendstream` }));

  it('says problems, changes, trust reasons and revocation notes in Vietnamese; --json keeps the English beside {key, params}', async () => {
    const found = await checkRun(Object.values(made), ['--trust', pki.otherTrustDir, '--require-revocation']);
    const keys = new Set(found.map(([, s]) => s.key));
    // Each kind of text is met at least once, so the checks above are not vacuous.
    for (const k of ['verifyProblem.notPdf', 'verifyTrust.endsAt', 'revocation.certUnknown', 'revocation.noEmbeddedData'] as const) expect([...keys], k).toContain(k);
    expect([...keys].some((k) => k.startsWith('verifyChange.')), 'a change after signing').toBe(true);
    expect([...keys].some((k) => k.startsWith('verifyProblem.byteRange') || k === 'verifyProblem.gapNotContents'), 'a ByteRange problem').toBe(true);
    const human = (await runCli(['verify', made.png!], { env: vi })).stdout;
    expect(human).toContain('ghi chú: Cần một tệp PDF, nhận được một ảnh PNG (không có phần đầu %PDF-)');
  });

  it('keeps the English strings of --json exactly as before', async () => {
    const r = JSON.parse((await runCli(['--json', 'verify', '--trust', pki.otherTrustDir, made.png!, made.good!], { env: vi })).stdout);
    expect(r.files[0].problems).toEqual(['Expected a PDF, got a PNG image (no %PDF- header)']);
    expect(r.files[0].problemsSaid).toEqual([{ key: 'verifyProblem.notPdf', params: { what: { key: 'verifyProblem.nonPdf.png' } } }]);
    expect(r.files[1].signatures[0].trust.reason).toMatch(/^chain ends at .*, which is not a trusted CA$/);
    expect(r.files[1].signatures[0].trust.reasonSaid.key).toBe('verifyTrust.endsAt');
  });

  it('says the verifier\'s reason in a refusal to sign over a broken signature; sign --json carries paramsSaid', async () => {
    const key = ['--p12', pki.signerP12, '--passphrase-env', 'SOHOA_TEST_P12_PASS'];
    const env = { ...vi, SOHOA_TEST_P12_PASS: PASSPHRASE };
    const out = path.join(dir, 'out');
    const human = await runCli(['sign', made.edited!, '--out-dir', out, ...key, '--agency', 'X'], { env });
    expect(human.code).toBe(2);
    expect(human.stdout + human.stderr).toMatch(/"Signature1" \(luồng nội dung \d+ của trang 1 đã bị thay đổi sau khi ký\)/);
    expectNoEnglish(human.stdout + human.stderr, []);
    // One file: the error printer words the quoted reason too.
    const one = await runCli(['sign', made.edited!, '--out', path.join(dir, 'one.pdf'), ...key, '--agency', 'X'], { env });
    expect(one.code).toBe(4);
    expect(one.stderr).toMatch(/^Lỗi: .*"Signature1" \(luồng nội dung \d+ của trang 1 đã bị thay đổi sau khi ký\)/m);
    expectNoEnglish(one.stderr, []);
    const json = JSON.parse((await runCli(['--json', 'sign', made.edited!, '--out-dir', path.join(dir, 'out2'), ...key, '--agency', 'X'], { env })).stdout);
    const refused = json.results[0];
    expect(refused.key).toBe('sign.err.brokenBefore');
    expect(refused.params.fields).toMatch(/^"Signature1" \(content stream \d+ of page 1 was changed after signing\)$/);
    expect(refused.params.fields).toBe(refused.paramsSaid.fields.map(english).join('; '));
    expect(refused.message).toMatch(/^Refusing to sign: the existing signature "Signature1" no longer verifies \(content stream/);
  });

  it.skipIf(!existsSync(CORPUS))(`says every report of the signature corpus in Vietnamese (${CORPUS})`, async () => {
    const files = pdfsUnder(CORPUS);
    expect(files.length).toBeGreaterThan(10);
    const found = await checkRun(files);
    expect(found.length).toBeGreaterThan(20);
    const offline = await checkRun(files.slice(0, 4), ['--revocation', 'off']);
    expect(offline.map(([, s]) => s.key)).toContain('revocation.off');
  });
});

describe('word(): a Said in a language', () => {
  it('words nested texts and lists, and shows times per language', () => {
    const s: Said = { key: 'revocation.certUnknown', params: { subject: 'CN=A', notes: [{ key: 'revocation.embedded', params: { text: { key: 'revocation.future', params: { at: '2022-03-31T20:30:00.000Z' } } } }, { key: 'revocation.noUrls' }] } };
    expect(english(s)).toBe('the revocation status of CN=A is unknown: embedded issued in the future (2022-03-31T20:30:00.000Z); the certificate names no OCSP responder and no CRL distribution point');
    expect(word(s, 'vi')).toBe('không xác định được tình trạng thu hồi của CN=A: (dữ liệu nhúng) có thời điểm phát hành ở tương lai (01/04/2022 03:30); chứng thư không ghi địa chỉ máy chủ OCSP hay điểm phân phối CRL nào');
    // Foreign detail (a parser's message) stays as it is inside the translated frame.
    expect(word({ key: 'verifyProblem.cmsUnreadable', params: { detail: 'Offset is outside the bounds' } }, 'vi')).toBe('không đọc được CMS: Offset is outside the bounds');
  });
});
