import { randomBytes } from 'node:crypto';
import type { WebhookSender } from '../ports';

/** The key the platform signs its JWTs with (the gateway's ID-token key, published in its JWKS). */
export interface WebhookSigningKey {
  kid: string;
  /** ES256: the signature as r ‖ s. */
  sign(data: Buffer): Promise<Buffer>;
}

export interface SignedWebhookOptions {
  key: WebhookSigningKey;
  /** `iss` of the JWT: the platform's public URL. */
  issuer: string;
  /** The relying party's client id, the JWT's audience, by request. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Posts a webhook as a signed JWT (`application/jwt`, typ `signing-event+jwt`): iss the platform, aud
 * the relying party, the event's members as claims, iat and a jti. The relying party verifies it with
 * the gateway's published JWKS, as it verifies ID tokens, and needs no shared secret. Any 2xx is a
 * delivery; anything else (or no answer within the timeout) is retried later by the service.
 */
export function signedWebhookSender(options: SignedWebhookOptions): WebhookSender & { jwt(audience: string, event: Record<string, unknown>): Promise<string> } {
  const post = options.fetch ?? fetch;
  const jwt = async (audience: string, event: Record<string, unknown>) => {
    const header = { alg: 'ES256', typ: 'signing-event+jwt', kid: options.key.kid };
    const claims = { ...event, iss: options.issuer, aud: audience, iat: Math.floor(Date.now() / 1000), jti: randomBytes(16).toString('base64url') };
    const input = `${encode(header)}.${encode(claims)}`;
    return `${input}.${(await options.key.sign(Buffer.from(input))).toString('base64url')}`;
  };
  return {
    jwt,
    async send(url, event) {
      const body = await jwt(String(event.relying_party ?? ''), event);
      try {
        const response = await post(url, { method: 'POST', headers: { 'content-type': 'application/jwt' }, body, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        await response.body?.cancel();
        return response.status >= 200 && response.status < 300;
      } catch {
        return false;
      }
    },
  };
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

