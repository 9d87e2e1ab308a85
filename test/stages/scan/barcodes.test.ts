import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { readCodes } from '../../../src/stages/scan/barcode.js';
import { raw } from '../../../src/stages/scan/inspect.js';
import { barcodePage } from '../../fixtures-gen/barcode-pages.js';

// Offline: zxing-wasm would fetch its .wasm from a CDN unless told otherwise. Any fetch fails here.
globalThis.fetch = (() => {
  throw new Error('network use in a test that must run offline');
}) as typeof fetch;

const FORMATS = ['Code128', 'QRCode'];
const read = async (png: Buffer) => readCodes(await raw(sharp(png)), FORMATS);

describe('reading dossier barcodes on scanned pages (zxing-wasm, loaded from node_modules)', () => {
  it('Code 128 at 300 dpi and QR at 300 dpi, among office text', async () => {
    expect(await read((await barcodePage({ code: '29236-2022-0000152' })).png)).toEqual(['29236-2022-0000152']);
    expect(await read((await barcodePage({ code: '842-2022-0000002', symbology: 'qrcode' })).png)).toEqual(['842-2022-0000002']);
  });

  it('low resolution: both at 200 dpi (Decree 30 minimum, 2–4 pixels a module)', async () => {
    expect(await read((await barcodePage({ code: '29236-2022-0000152', dpi: 200 })).png)).toEqual(['29236-2022-0000152']);
    expect(await read((await barcodePage({ code: '842-2022-0000002', symbology: 'qrcode', dpi: 200 })).png)).toEqual(['842-2022-0000002']);
  });

  it('rotated: a sheet fed sideways or upside down, and one pulled 3° askew', async () => {
    expect(await read((await barcodePage({ code: '29236-2022-0000152', quarterTurn: 90 })).png)).toEqual(['29236-2022-0000152']);
    expect(await read((await barcodePage({ code: '29236-2022-0000152', quarterTurn: 180, dpi: 200 })).png)).toEqual(['29236-2022-0000152']);
    expect(await read((await barcodePage({ code: '842-2022-0000002', symbology: 'qrcode', skewDeg: 3 })).png)).toEqual(['842-2022-0000002']);
    expect(await read((await barcodePage({ code: '29236-2022-0000152', skewDeg: -3 })).png)).toEqual(['29236-2022-0000152']);
  });

  it('a page of text alone has no code', async () => {
    expect(await read((await barcodePage({ page: 2 })).png)).toEqual([]);
  });
});
