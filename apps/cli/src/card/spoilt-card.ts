import { CliError } from '../output';

/**
 * A personalisation that failed was undone on the card (its keys destroyed): each certificate already
 * issued for one of those keys is revoked, so that no good certificate stands for a key that no longer
 * exists. The personalisation's own failure stays the answer; a certificate that could not be revoked
 * is named with it (`card-personalisation-incomplete`) for the operator to revoke by hand.
 */
export async function revokeSpoiltCertificates(
  serials: readonly string[],
  revoke: (request: { serialHex: string; reason: string; actor: string; comment: string }) => Promise<unknown>,
  actor: string,
  failure: unknown,
): Promise<never> {
  for (const serialHex of serials) {
    try {
      await revoke({ serialHex, reason: 'cessationOfOperation', actor, comment: 'card personalisation failed; its key was destroyed' });
    } catch (revocation) {
      throw new CliError(`${failure instanceof Error ? failure.message : String(failure)}; and certificate ${serialHex} could not be revoked: ${revocation instanceof Error ? revocation.message : String(revocation)}`, 'card-personalisation-incomplete', 1);
    }
  }
  throw failure;
}
