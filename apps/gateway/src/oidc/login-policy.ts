import { interactionPolicy } from 'oidc-provider';

/**
 * oidc-provider's prompts with one rule added: every authorization request is confirmed on the
 * person's device. A gateway session alone never logs anybody in to another relying party, and
 * `prompt=none` gets `login_required`.
 */
export function everyLoginOnTheDevice(): interactionPolicy.Prompt[] {
  const policy = interactionPolicy.base();
  const login = policy.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.add(
    new interactionPolicy.Check('device_approval', 'every login is approved on the wallet', 'login_required', (ctx) =>
      // The request comes back from the login pages with their result: that was this login's approval.
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
  );
  return [...policy];
}
