import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Raw pixels as sharp gives them: 1 to 4 channels, 8 bits each. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

type Reader = typeof import('zxing-wasm/reader');
let reader: Promise<Reader> | undefined;

/**
 * zxing-wasm with its .wasm read from node_modules. Left alone, it fetches the file from a CDN
 * on first use: sohoa runs offline, so the binary is handed over before any read.
 */
function loadReader(): Promise<Reader> {
  reader ??= import('zxing-wasm/reader').then((mod) => {
    const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    mod.prepareZXingModule({
      overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer },
    });
    return mod;
  });
  return reader;
}

function toRgba(img: RawImage): Uint8ClampedArray {
  if (img.channels === 4) return new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  const n = img.width * img.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const s = i * img.channels;
    const grey = img.channels < 3;
    out[i * 4] = img.data[s]!;
    out[i * 4 + 1] = img.data[grey ? s : s + 1]!;
    out[i * 4 + 2] = img.data[grey ? s : s + 2]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The texts of the barcodes and QR codes on a page, top to bottom, in the given symbologies. */
export async function readCodes(img: RawImage, formats: string[]): Promise<string[]> {
  const { readBarcodes } = await loadReader();
  const results = await readBarcodes(
    { data: toRgba(img), width: img.width, height: img.height, colorSpace: 'srgb' } as unknown as ImageDataLike,
    { formats: formats as never, tryHarder: true, tryRotate: true, tryInvert: false, tryDownscale: true, maxNumberOfSymbols: 8 },
  );
  return results
    .filter((r) => r.isValid && r.text)
    .sort((a, b) => a.position.topLeft.y - b.position.topLeft.y)
    .map((r) => r.text.trim());
}

interface ImageDataLike {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}
