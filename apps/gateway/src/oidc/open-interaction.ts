import type { Interaction } from 'oidc-provider';
import type { LoginSubject } from '@theqa/login';
import type { RelyingPartyView } from '../interaction/pages/login-pages';

/** The interaction cookie is missing, or the interaction is over or expired. */
export class InteractionGone extends Error {}

/** An authorization request waiting for the person, as the login pages need it. */
export interface OpenInteraction {
  uid: string;
  subject: LoginSubject;
  view: RelyingPartyView;
  params: Record<string, unknown>;
  grantId?: string;
  /** oidc-provider's record of it, as read (with its session checked) by this request. */
  record: Interaction;
}
