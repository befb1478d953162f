/**
 * B-LTA: a document time-stamp (ETSI EN 319 142-1 §5.4.3; ISO 32000-2 §12.8.5) in an update of its
 * own: a /DocTimeStamp signature dictionary, SubFilter ETSI.RFC3161, whose /Contents is the
 * time-stamp token over the digest of its byte range, in an invisible field.
 */
import { requestTimeStamp, type TimeStampFunction } from '../cms/time-stamp-token';
import type { PdfDocument } from '../pdf/pdf-document';
import { documentTimeStampDictionary } from '../signature/signature-dictionary';
import { placeSignatureField } from '../signature/signature-field';
import { withContents, writeSignatureUpdate } from '../signature/signature-update';
import { IncrementalUpdate } from '../writer/incremental-update';

export const DEFAULT_TIME_STAMP_SIZE = 8192;

export async function documentTimeStampUpdate(document: PdfDocument, timeStamp: TimeStampFunction, tokenSize = DEFAULT_TIME_STAMP_SIZE): Promise<Buffer> {
  const update = new IncrementalUpdate(document);
  const signature = update.allocate();
  placeSignatureField(update, signature, { namePrefix: 'DocumentTimeStamp', page: 1 });
  update.put(signature, documentTimeStampDictionary(tokenSize));
  const written = writeSignatureUpdate(update);
  const { token } = await requestTimeStamp(timeStamp, written.documentDigest);
  // The token's size is known only once it is issued: when it outgrows the room, the update is
  // written again with room for it and a second token asked for, rather than failing.
  if (token.length > tokenSize) return documentTimeStampUpdate(document, timeStamp, token.length + 1024);
  return withContents(written, token);
}
