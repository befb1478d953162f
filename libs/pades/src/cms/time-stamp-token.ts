/**
 * A time-stamp token (RFC 3161) received from the caller's time-stamping function: checked to be a
 * SignedData over a TSTInfo whose message imprint is the SHA-256 asked for, and read for the
 * certificates it carries (they belong in the document's validation data).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { SigningError } from '../errors';
import { OID } from './oids';

/** The platform's time-stamping authority behind a function: SHA-256 imprint in, TimeStampToken DER out. */
export type TimeStampFunction = (imprint: Buffer) => Promise<Buffer>;

export interface TimeStampTokenInfo {
  token: Buffer;
  genTime: Date;
  certificates: Buffer[];
}

export async function requestTimeStamp(timeStamp: TimeStampFunction, imprint: Buffer): Promise<TimeStampTokenInfo> {
  const token = await timeStamp(imprint);
  return readTimeStampToken(token, imprint);
}

export function readTimeStampToken(token: Buffer, imprint: Buffer): TimeStampTokenInfo {
  const bad = (why: string) => new SigningError('time-stamp-malformed', `the time-stamp token ${why}`);
  if (!Buffer.isBuffer(token) || token.length === 0) throw bad('is empty');
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(token));
    if (contentInfo.contentType !== OID.signedData) throw bad('is not a SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !signedData.encapContentInfo.eContent) throw bad('does not hold a TSTInfo');
    tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
  } catch (error) {
    if (error instanceof SigningError) throw error;
    throw bad(`cannot be read (${(error as Error).message})`);
  }
  const imprintAlgorithm = tstInfo.messageImprint.hashAlgorithm.algorithmId;
  const hashed = Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (imprintAlgorithm !== OID.sha256 || !hashed.equals(imprint)) throw bad('is not over the imprint it was asked for');
  return { token, genTime: tstInfo.genTime, certificates: embeddedCertificates(token) };
}

/** The certificates of a SignedData ContentInfo, byte for byte as embedded. */
export function embeddedCertificates(contentInfo: Buffer): Buffer[] {
  const parsed = asn1js.fromBER(contentInfo);
  const signedData = (parsed.result as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed | undefined;
  const fields = (signedData?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value ?? [];
  const set = fields.find((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0) as asn1js.Constructed | undefined;
  return (set?.valueBlock.value ?? []).filter((item) => item instanceof asn1js.Sequence).map((item) => Buffer.from(item.valueBeforeDecodeView));
}
