import crypto from 'node:crypto';
import { Signer as SignpdfSigner } from '@signpdf/utils';
import type { Signer } from '../src/ports/signer.js';
import { assembleCms, signedAttributes } from '../src/stages/sign/cms-build.js';
import type { TsaClient } from '../src/stages/sign/tsa.js';

/**
 * sohoa's signers (P12, PKCS#11) for code that uses `@signpdf/signpdf`: the same PAdES CMS
 * (signing-certificate-v2, optional RFC 3161 timestamp) behind @signpdf's `Signer` class.
 * sohoa's own stage writes incremental updates instead (see incremental.ts).
 */
export class PadesSignpdfSigner extends SignpdfSigner {
  constructor(
    private readonly signer: Signer,
    private readonly tsa?: TsaClient,
  ) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const digest = crypto.createHash('sha256').update(pdfBuffer).digest();
    const signedAttrs = signedAttributes(digest, this.signer.certificate);
    const signature = await this.signer.sign(signedAttrs);
    const timestampToken = this.tsa ? await this.tsa.stamp(signature) : undefined;
    return assembleCms({ signer: this.signer, signedAttrs, signature, timestampToken });
  }
}
