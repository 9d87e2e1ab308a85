import { describe, expect, it } from 'vitest';
import { ExitCode, OutputCheckError } from '../../../src/errors.js';
import type { Signer } from '../../../src/ports/signer.js';
import { signPdf } from '../../../src/stages/sign/index.js';
import { verifyPdf } from '../../../src/verify/index.js';
import { makePdf, testSigner } from './fixtures.js';

/** The test signer behind a fresh object (the self-check remembers keys by object). */
async function freshSigner(corruptFrom = Infinity): Promise<{ signer: Signer; calls: () => number }> {
  const { signer } = await testSigner();
  let n = 0;
  const wrapped: Signer = Object.assign(Object.create(Object.getPrototypeOf(signer)), signer, {
    sign: async (d: Buffer) => {
      const sig = Buffer.from(await signer.sign(d));
      // Fault injection: a token that starts returning wrong signature values.
      if (++n >= corruptFrom) sig[sig.length - 1]! ^= 0x01;
      return sig;
    },
  });
  return { signer: wrapped, calls: () => n };
}

const opts = { agency: 'UBND xã Long Đức, tỉnh Vĩnh Long' };

describe('signPdf self-check: full verifier first, quick check after', () => {
  it('outputs that got the quick check pass the full verifier too (classic and xref-stream inputs)', async () => {
    const { signer, calls } = await freshSigner();
    for (const objectStreams of [false, true, false, true]) {
      const input = await makePdf(1 + Number(objectStreams), objectStreams);
      const out = Buffer.from(await signPdf(input, signer, opts));
      expect(out.subarray(0, input.length).equals(input)).toBe(true);
      const r = await verifyPdf(out);
      expect(r.signatures).toHaveLength(1);
      expect(r.signatures[0]).toMatchObject({ intact: true, coversWholeFile: true, cmsValid: true, digestMatch: true, byteRangeValid: true });
      expect(r.verdict).toBe('valid');
    }
    expect(calls()).toBe(4);
  });

  it('still refuses a wrong signature value after the first file (quick check, exit 4)', async () => {
    const { signer } = await freshSigner(2);
    await expect(signPdf(await makePdf(), signer, opts)).resolves.toBeDefined();
    const second = signPdf(await makePdf(), signer, opts);
    await expect(second).rejects.toBeInstanceOf(OutputCheckError);
    await expect(second).rejects.toMatchObject({ exitCode: ExitCode.OutputCheck, message: expect.stringMatching(/does not verify with the signer certificate's public key/) });
  });

  it('refuses a wrong signature value on the first file too (full verifier)', async () => {
    const { signer } = await freshSigner(1);
    await expect(signPdf(await makePdf(), signer, opts)).rejects.toMatchObject({ exitCode: ExitCode.OutputCheck });
  });

  it('a signed input still goes through the full verifier: a second signature keeps the first intact', async () => {
    const { signer } = await freshSigner();
    const once = Buffer.from(await signPdf(await makePdf(), signer, opts));
    const twice = Buffer.from(await signPdf(once, signer, opts));
    const r = await verifyPdf(twice);
    expect(r.signatures.map((s) => [s.intact, s.coversWholeFile])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect(r.verdict).toBe('valid');
  });
});
