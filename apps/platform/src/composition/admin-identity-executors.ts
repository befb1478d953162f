import type { ActionExecutors, ActionRequest } from '@theqa/administration';
import type { IdentitySupport } from '@theqa/identity';

/**
 * Who acts on the identity, as identity support records it (the suspension's `suspended_by`, the
 * person's activity, the CA's holds): the administrator who asked, and for a four-eyes action the one
 * who approved, as `admin:<proposer>+admin:<approver>` (one token: identity support's actors have no spaces).
 */
export const supportActorOf = ({ actor, approver }: Pick<ActionRequest, 'actor' | 'approver'>): string => (approver ? `${actor}+${approver}` : actor);

/** The support desk's actions (the console's identity pages) over the platform's identity support. */
export function identitySupportExecutors(support: IdentitySupport): ActionExecutors {
  return {
    async 'identity.suspend'(request) {
      const done = await support.suspend(request.subject, { reason: request.details.reason, actor: supportActorOf(request) });
      return {
        changed: done.changed,
        suspension: done.suspension.id,
        held_certificates: done.heldCertificates,
        ...(done.failedCertificates.length ? { failed_certificates: done.failedCertificates } : {}),
        grants_ended: done.grantsEnded,
        sessions_ended: done.sessionsEnded,
      };
    },
    async 'identity.restore'(request) {
      const done = await support.restore(request.subject, { reason: request.details.reason, actor: supportActorOf(request) });
      return {
        changed: done.changed,
        ...(done.suspension ? { suspension: done.suspension.id } : {}),
        released_certificates: done.releasedCertificates,
        ...(done.failedCertificates.length ? { failed_certificates: done.failedCertificates } : {}),
      };
    },
    async 'identity.require-pin-reset'(request) {
      const done = await support.requirePinReset(request.subject, { reason: request.details.reason, actor: supportActorOf(request) });
      return { changed: done.changed, pin: done.pin.state };
    },
  };
}
