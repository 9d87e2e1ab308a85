import zlib from 'node:zlib';
import { PdfDict, PdfName, PdfStream } from './objects.js';
import { PdfSyntaxError } from './parser.js';

/** Decodes a stream's data. Only the filters that carry PDF structure are needed here. */
export function decodeStream(s: PdfStream): Buffer {
  const f = s.dict.get('Filter');
  const filters = (Array.isArray(f) ? f : f ? [f] : []).map((x) => (x instanceof PdfName ? x.name : ''));
  const p = s.dict.get('DecodeParms');
  const params = Array.isArray(p) ? p : [p];
  let data: Buffer = Buffer.from(s.raw);
  filters.forEach((name, i) => {
    const parm = params[i] instanceof PdfDict ? (params[i] as PdfDict) : undefined;
    if (name === 'FlateDecode' || name === 'Fl') data = unpredict(inflate(data), parm);
    else if (name === 'ASCIIHexDecode' || name === 'AHx')
      data = Buffer.from(data.toString('latin1').replace(/>.*$/s, '').replace(/[^0-9a-fA-F]/g, ''), 'hex');
    else throw new PdfSyntaxError(`Unsupported stream filter ${name}`);
  });
  return data;
}

function inflate(data: Buffer): Buffer {
  try {
    return zlib.inflateSync(data);
  } catch {
    // Truncated or padded streams are common; take what inflates.
    return zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  }
}

function unpredict(data: Buffer, parm: PdfDict | undefined): Buffer {
  const predictor = Number(parm?.get('Predictor') ?? 1);
  if (predictor < 10) return data;
  const colors = Number(parm?.get('Colors') ?? 1);
  const bpc = Number(parm?.get('BitsPerComponent') ?? 8);
  const columns = Number(parm?.get('Columns') ?? 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = Buffer.alloc(rows * rowLen);
  let prev = Buffer.alloc(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const row = Buffer.from(data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1)));
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const ul = i >= bpp ? prev[i - bpp]! : 0;
      let add = 0;
      if (type === 1) add = left;
      else if (type === 2) add = up;
      else if (type === 3) add = (left + up) >> 1;
      else if (type === 4) {
        const pa = Math.abs(up - ul);
        const pb = Math.abs(left - ul);
        const pc = Math.abs(left + up - 2 * ul);
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
      }
      row[i] = (row[i]! + add) & 0xff;
    }
    row.copy(out, r * rowLen);
    prev = row;
  }
  return out;
}
