/**
 * OCSPResponseStatus (RFC 6960 §4.2.1). Anything but `successful` is sent bare, without a signature,
 * so these answers cost nothing to produce.
 */
export const OCSP_RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  // 4 is not used
  sigRequired: 5,
  unauthorized: 6,
} as const;

export type OcspErrorStatus = Exclude<keyof typeof OCSP_RESPONSE_STATUS, 'successful'>;

/**
 * A request the responder refuses before looking anything up. `status` is what goes back to the
 * client: malformedRequest for anything that is not a well-formed request we accept, unauthorized for a
 * well-formed CertID we can never answer (a hash algorithm no issuer is indexed under).
 */
export class OcspRequestError extends Error {
  constructor(
    message: string,
    readonly status: OcspErrorStatus = 'malformedRequest',
  ) {
    super(message);
    this.name = 'OcspRequestError';
  }
}
