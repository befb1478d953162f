import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * The discovery document promises only what the gateway does. oidc-provider says
 * `backchannel_user_code_parameter_supported: true` whenever CIBA is on, and has no option to say
 * otherwise; the gateway refuses every user_code (the wallet's PIN is the second factor, see
 * verifyUserCode), so a relying party that trusted the document would fail at every request.
 */
export async function advertiseOnlyWhatWorks(ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> {
  await next();
  if (ctx.oidc?.route !== 'discovery' || !ctx.body || typeof ctx.body !== 'object') return;
  (ctx.body as Record<string, unknown>).backchannel_user_code_parameter_supported = false;
}
