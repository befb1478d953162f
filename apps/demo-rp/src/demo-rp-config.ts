import path from 'node:path';
import { attributeByClaim, inCatalogueOrder } from '@theqa/consent';

/**
 * The claims Naql asks for unless `DEMO_RP_CLAIMS` says otherwise: the gateway must entitle the client to
 * every one of them (it refuses a request for an attribute outside the entitlement, never trims it).
 */
export const DEFAULT_DEMO_CLAIMS: readonly string[] = ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'];

export interface DemoRpConfig {
  /** Port to listen on. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** The OpenID Provider's issuer identifier (discovery is `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /**
   * The client's private P-256 JWK (with `kid`), used for private_key_jwt. Its folder also holds the
   * cookie key; with a client secret the file itself is not needed.
   */
  keyFile: string;
  /** A client onboarded with client_secret_basic (DEMO_RP_CLIENT_SECRET): its secret instead of the key. */
  clientSecret?: string;
  /** The URL browsers reach the demo at, without a trailing slash: redirect URI is `<baseUrl>/callback`. */
  baseUrl: string;
  /** Catalogue claims to ask for, in catalogue order. */
  claims: string[];
}

export class DemoRpConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid demo-rp configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DemoRpConfigError';
  }
}

/** `redirect_uri` the demo sends and the gateway must have registered. */
export const redirectUri = (config: Pick<DemoRpConfig, 'baseUrl'>): string => `${config.baseUrl}/callback`;
/** `post_logout_redirect_uri` the demo sends and the gateway must have registered. */
export const postLogoutRedirectUri = (config: Pick<DemoRpConfig, 'baseUrl'>): string => `${config.baseUrl}/`;

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Reads the demo's settings from the environment (validated once, at start). Every bad value is named
 * with what was given; the key file itself is read later, by `createDemoRp`.
 */
export function readDemoRpConfig(env: NodeJS.ProcessEnv): DemoRpConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const got = (name: string) => `(got ${JSON.stringify(env[name])})`;

  let port = 8090;
  const portText = value('DEMO_RP_PORT');
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) problems.push(`DEMO_RP_PORT must be a whole number between 1 and 65535 ${got('DEMO_RP_PORT')}`);
  }

  const host = value('DEMO_RP_HOST') ?? '127.0.0.1';
  if (/[\s/]/.test(host)) problems.push(`DEMO_RP_HOST must be a host name or IP address ${got('DEMO_RP_HOST')}`);

  const issuer = value('DEMO_RP_ISSUER') ?? 'http://127.0.0.1:8080/oidc';
  const issuerUrl = parseHttpUrl(issuer);
  if (!issuerUrl) {
    problems.push(`DEMO_RP_ISSUER must be an absolute http(s) URL such as https://theqa.example.om/oidc ${got('DEMO_RP_ISSUER')}`);
  } else if (issuerUrl.search || issuerUrl.hash) {
    problems.push(`DEMO_RP_ISSUER must not carry a query or fragment ${got('DEMO_RP_ISSUER')}`);
  } else if (issuerUrl.protocol === 'http:' && !isLoopbackHost(issuerUrl.hostname)) {
    problems.push(`DEMO_RP_ISSUER must use https unless the issuer is on this machine (127.0.0.1, ::1, localhost) ${got('DEMO_RP_ISSUER')}`);
  }

  const clientId = value('DEMO_RP_CLIENT_ID') ?? 'naql-demo';
  if (!/^[\x21-\x7e]{1,255}$/.test(clientId)) problems.push(`DEMO_RP_CLIENT_ID must be 1 to 255 printable characters without spaces ${got('DEMO_RP_CLIENT_ID')}`);

  const clientSecret = value('DEMO_RP_CLIENT_SECRET');
  if (clientSecret !== undefined && !/^[\x21-\x7e]{16,255}$/.test(clientSecret)) problems.push('DEMO_RP_CLIENT_SECRET must be 16 to 255 printable characters without spaces (the secret shown once when the client was onboarded)');

  const dataDir = value('THEQA_DATA_DIR') ?? '.data';
  const keyFile = path.resolve(value('DEMO_RP_KEY_FILE') ?? path.join(dataDir, 'demo-rp', 'client-key.jwk.json'));

  const baseText = value('DEMO_RP_BASE_URL') ?? `http://${displayHost(host)}:${Number.isFinite(port) ? port : 8090}`;
  const baseUrl = parseHttpUrl(baseText);
  if (!baseUrl) problems.push(`DEMO_RP_BASE_URL must be an absolute http(s) URL such as https://naql-demo.example.om ${got('DEMO_RP_BASE_URL')}`);
  else if (baseUrl.search || baseUrl.hash) problems.push(`DEMO_RP_BASE_URL must not carry a query or fragment ${got('DEMO_RP_BASE_URL')}`);

  let claims = inCatalogueOrder(DEFAULT_DEMO_CLAIMS);
  const claimsText = value('DEMO_RP_CLAIMS');
  if (claimsText !== undefined) {
    const names = claimsText.split(/[\s,]+/).filter(Boolean);
    const unknown = names.filter((name) => !attributeByClaim(name));
    if (unknown.length) problems.push(`DEMO_RP_CLAIMS names claims that are not in the attribute catalogue: ${unknown.join(', ')} ${got('DEMO_RP_CLAIMS')}`);
    else if (names.length === 0) problems.push(`DEMO_RP_CLAIMS must name at least one claim ${got('DEMO_RP_CLAIMS')}`);
    claims = inCatalogueOrder(names);
  }

  if (problems.length || !baseUrl) throw new DemoRpConfigError(problems);
  return {
    port,
    host,
    issuer,
    clientId,
    keyFile,
    ...(clientSecret ? { clientSecret } : {}),
    baseUrl: baseUrl.href.replace(/\/+$/, ''),
    claims,
  };
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
