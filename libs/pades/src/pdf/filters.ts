/**
 * Stream filters, for the streams the signer must read itself: object streams and cross-reference
 * streams (FlateDecode with PNG or TIFF predictors), and the validation data of earlier signatures.
 */
import zlib from 'node:zlib';
import { PdfError, malformed } from '../errors';
import { PdfDict, PdfName, type PdfObject, type PdfStream } from './objects';

const MAX_DECODED = 256 * 1024 * 1024;

export function decodeStream(stream: PdfStream): Buffer {
  const filters = asList(stream.dict.get('Filter'));
  const parms = asList(stream.dict.get('DecodeParms'));
  let data = stream.data;
  filters.forEach((filter, i) => {
    if (!(filter instanceof PdfName)) throw malformed('a stream filter is not a name');
    const parm = parms[i];
    data = applyFilter(filter.value, data, parm instanceof PdfDict ? parm : undefined);
  });
  return data;
}

function asList(value: PdfObject | undefined): PdfObject[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function applyFilter(filter: string, data: Buffer, parms: PdfDict | undefined): Buffer {
  switch (filter) {
    case 'FlateDecode':
    case 'Fl':
      return unpredict(inflate(data), parms);
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHex(data);
    default:
      throw new PdfError('pdf-unsupported-filter', `the stream filter /${filter} is not supported here`);
  }
}

function inflate(data: Buffer): Buffer {
  try {
    // Sync flush: a truncated but otherwise sound stream still yields what it holds, as other readers do.
    return zlib.inflateSync(data, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED });
  } catch (error) {
    throw malformed(`a Flate stream does not inflate (${(error as Error).message})`);
  }
}

function asciiHex(data: Buffer): Buffer {
  const text = data.toString('latin1').replace(/\s+/g, '');
  const end = text.indexOf('>');
  const hex = end >= 0 ? text.slice(0, end) : text;
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw malformed('an ASCIIHex stream holds other characters');
  return Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
}

/** Undoes a PNG (10–15) or TIFF (2) predictor (§7.4.4.4). */
function unpredict(data: Buffer, parms: PdfDict | undefined): Buffer {
  const predictor = numberOr(parms?.get('Predictor'), 1);
  if (predictor === 1) return data;
  const colors = numberOr(parms?.get('Colors'), 1);
  const bits = numberOr(parms?.get('BitsPerComponent'), 8);
  const columns = numberOr(parms?.get('Columns'), 1);
  if (![1, 2, 4, 8, 16].includes(bits) || colors < 1 || colors > 32 || columns < 1 || columns > 1 << 20) {
    throw malformed('invalid predictor parameters');
  }
  const bytesPerPixel = Math.max(1, Math.ceil((colors * bits) / 8));
  const rowLength = Math.ceil((colors * bits * columns) / 8);
  if (predictor === 2) {
    if (bits !== 8) throw new PdfError('pdf-unsupported-filter', 'TIFF predictor with other than 8 bits per component');
    const out = Buffer.from(data);
    for (let row = 0; row + rowLength <= out.length; row += rowLength) {
      for (let i = bytesPerPixel; i < rowLength; i++) out[row + i] = (out[row + i] + out[row + i - bytesPerPixel]) & 0xff;
    }
    return out;
  }
  if (predictor < 10 || predictor > 15) throw new PdfError('pdf-unsupported-filter', `predictor ${predictor} is not supported`);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = Buffer.alloc(rows * rowLength);
  let previous = Buffer.alloc(rowLength);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLength + 1)];
    const row = out.subarray(r * rowLength, (r + 1) * rowLength);
    data.copy(row, 0, r * (rowLength + 1) + 1, (r + 1) * (rowLength + 1));
    for (let i = 0; i < rowLength; i++) {
      const left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
      const up = previous[i];
      const upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
      switch (type) {
        case 0:
          break;
        case 1:
          row[i] = (row[i] + left) & 0xff;
          break;
        case 2:
          row[i] = (row[i] + up) & 0xff;
          break;
        case 3:
          row[i] = (row[i] + ((left + up) >> 1)) & 0xff;
          break;
        case 4:
          row[i] = (row[i] + paeth(left, up, upLeft)) & 0xff;
          break;
        default:
          throw malformed(`invalid PNG predictor row type ${type}`);
      }
    }
    previous = row;
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function numberOr(value: PdfObject | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

/** Flate-compresses data for a new stream. */
export function deflate(data: Buffer): Buffer {
  return zlib.deflateSync(data);
}
