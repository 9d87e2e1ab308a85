/**
 * Names what a file that is not a scan looks like, from its first bytes, without ever quoting
 * them: a rejection message ends up in logs and the catalog, and the file may be a key or a
 * passphrase (a symlink to a secret, a PKCS#12 saved as .jpg).
 */
export function describeContent(head: Uint8Array): string {
  const b = Buffer.from(head);
  const starts = (sig: number[] | string, at = 0) => {
    const s = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
    return b.length >= at + s.length && b.subarray(at, at + s.length).equals(s);
  };
  if (starts([0x30, 0x82]) || starts([0x30, 0x80])) {
    // DER SEQUENCE; PFX starts with version INTEGER 3 right after the length.
    const off = b[1] === 0x82 ? 4 : 2;
    if (b[off] === 0x02 && b[off + 1] === 0x01 && b[off + 2] === 0x03) return 'a PKCS#12 file (a certificate with its private key)';
    return 'DER-encoded data (a certificate or a key)';
  }
  const text = b.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (/^-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|PKCS|ENCRYPTED)/.test(text)) return 'a PEM file (a certificate or a key)';
  if (/^(<!doctype html|<html|<head|<body)/i.test(text)) return 'an HTML page';
  if (/^<\?xml/i.test(text)) return /<svg/i.test(text) ? 'an SVG drawing' : 'an XML file';
  if (starts('PK\u0003\u0004') || starts('PK\u0005\u0006')) return 'a ZIP archive (or an Office document)';
  if (starts([0xd0, 0xcf, 0x11, 0xe0])) return 'an old Microsoft Office document';
  if (starts('{\\rtf')) return 'an RTF document';
  if (starts('GIF8')) return 'a GIF image';
  if (starts('BM')) return 'a BMP image';
  if (starts('RIFF') && starts('WEBP', 8)) return 'a WebP image';
  if (starts('ftyp', 4)) return 'an HEIC or MP4 (ISO media) file';
  if (starts([0x1f, 0x8b])) return 'a gzip archive';
  if (starts('Rar!')) return 'a RAR archive';
  if (starts([0x37, 0x7a, 0xbc, 0xaf])) return 'a 7-Zip archive';
  if (starts('%!PS')) return 'a PostScript file';
  if (starts([0x7f, 0x45, 0x4c, 0x46]) || starts('MZ')) return 'a program';
  if (isMostlyText(b)) return 'a text file';
  return 'binary data of an unknown kind';
}

function isMostlyText(b: Buffer): boolean {
  if (b.length === 0) return false;
  const u = b.toString('utf8');
  if (u.includes('\uFFFD') && b.length > 8) return false;
  let ctrl = 0;
  for (const ch of u) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) ctrl += 1;
  }
  return ctrl / u.length < 0.02;
}
