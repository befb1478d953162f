/**
 * RFC 3161 §2.4.2 TimeStampResp: a PKIStatusInfo, and the token when the status is granted.
 */
import { namedBits, sequence, smallInteger, utf8String } from '../der/der-writer';
import { PKI_FAILURE_BIT, type PkiFailureInfo } from './failure-info';

/** PKIStatus values (RFC 3161 §2.4.2); only granted and rejection are produced here. */
export const PKI_STATUS = { granted: 0, grantedWithMods: 1, rejection: 2, waiting: 3, revocationWarning: 4, revocationNotification: 5 } as const;

export function grantedResponse(timeStampToken: Buffer): Buffer {
  return sequence(sequence(smallInteger(PKI_STATUS.granted)), timeStampToken);
}

/** A rejection: status, optional free text (PKIFreeText, one UTF8String), and the failInfo bits. */
export function rejectTimeStamp(failureInfo: PkiFailureInfo | PkiFailureInfo[], statusText?: string): Buffer {
  const reasons = Array.isArray(failureInfo) ? failureInfo : [failureInfo];
  if (reasons.length === 0) throw new RangeError('a rejection needs at least one failure reason');
  return sequence(
    sequence(
      smallInteger(PKI_STATUS.rejection),
      ...(statusText ? [sequence(utf8String(statusText))] : []),
      namedBits(reasons.map((reason) => PKI_FAILURE_BIT[reason])),
    ),
  );
}
