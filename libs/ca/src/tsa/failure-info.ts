/**
 * RFC 3161 §2.4.2 PKIFailureInfo: the reasons a TSA may give when it rejects a request. The bit numbers
 * are the named bits of the ASN.1 BIT STRING.
 */
export const PKI_FAILURE_BIT = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  addInfoNotAvailable: 17,
  systemFailure: 25,
} as const;

export type PkiFailureInfo = keyof typeof PKI_FAILURE_BIT;

/**
 * A request the TSA refuses. `failureInfo` is what the rejection response carries, and the message is
 * written to be safe to echo to the client as the status text (it never holds internal details).
 */
export class TimeStampError extends Error {
  constructor(
    readonly failureInfo: PkiFailureInfo,
    message: string,
  ) {
    super(message);
    this.name = 'TimeStampError';
  }
}
