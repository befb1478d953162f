import { isSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithms';
import { refuse, type WebEidRefusal } from './refusal';

/**
 * A Web eID authentication token (format web-eid:1.0) as the browser extension hands it to the page:
 * the card's authentication certificate, and its signature over hash(origin) ‖ hash(challenge nonce).
 */
export interface AuthToken {
  format: 'web-eid:1' | 'web-eid:1.0';
  /** The card's authentication certificate, base64 (standard alphabet) DER; not trusted until validated. */
  unverifiedCertificate: string;
  algorithm: SignatureAlgorithm;
  /** base64 (standard alphabet); for ES* the raw r ‖ s the card produced. */
  signature: string;
  /** The native app's release URL (https). */
  appVersion: string;
}

export const TOKEN_FORMATS = ['web-eid:1', 'web-eid:1.0'] as const;

/**
 * Bounds that keep a hostile token cheap to refuse. A token as a string: the reference validators'
 * 100–10 000 characters. A certificate well past any card's (RSA-4096 with every extension), an
 * RSA-4096 signature, a release URL.
 */
export const TOKEN_LIMITS = { minChars: 100, maxChars: 10_000, certificateChars: 8_000, signatureChars: 1_000, appVersionChars: 500 } as const;

const FIELDS = ['format', 'unverifiedCertificate', 'algorithm', 'signature', 'appVersion'] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Step 1, the token's shape: exactly the five fields of web-eid:1.0, each a string of the right form
 * and size. A string is parsed as JSON first; an object (a parsed request body) is read as it is.
 * Unknown fields are refused rather than ignored: a later format's fields (web-eid:1.1's signing
 * certificates) must not ride along unvalidated.
 */
export function readAuthToken(input: unknown): AuthToken | WebEidRefusal {
  let value = input;
  if (typeof input === 'string') {
    if (input.length < TOKEN_LIMITS.minChars || input.length > TOKEN_LIMITS.maxChars) return refuse('token-invalid', `token of ${input.length} characters`);
    try {
      value = JSON.parse(input);
    } catch {
      return refuse('token-invalid', 'token is not JSON');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('token-invalid', 'token is not a JSON object');
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length) return refuse('token-invalid', `unknown field ${JSON.stringify(unknown[0].slice(0, 40))}`);
  for (const field of FIELDS) {
    if (typeof record[field] !== 'string') return refuse('token-invalid', `${field} is ${record[field] === undefined ? 'missing' : 'not a string'}`);
  }
  const { format, unverifiedCertificate, algorithm, signature, appVersion } = record as Record<(typeof FIELDS)[number], string>;
  if (!(TOKEN_FORMATS as readonly string[]).includes(format)) return refuse('token-invalid', `format ${JSON.stringify(format.slice(0, 40))} is not web-eid:1.0`);
  if (!isSignatureAlgorithm(algorithm)) return refuse('token-invalid', `algorithm ${JSON.stringify(algorithm.slice(0, 40))} is not supported`);
  const base64 = (name: string, text: string, max: number) =>
    text.length === 0 || text.length > max ? `${name} of ${text.length} characters` : BASE64.test(text) ? undefined : `${name} is not base64`;
  const problem = base64('unverifiedCertificate', unverifiedCertificate, TOKEN_LIMITS.certificateChars) ?? base64('signature', signature, TOKEN_LIMITS.signatureChars) ?? appVersionProblem(appVersion);
  if (problem) return refuse('token-invalid', problem);
  return { format: format as AuthToken['format'], unverifiedCertificate, algorithm, signature, appVersion };
}

function appVersionProblem(appVersion: string): string | undefined {
  if (appVersion.length > TOKEN_LIMITS.appVersionChars) return `appVersion of ${appVersion.length} characters`;
  try {
    return new URL(appVersion).protocol === 'https:' ? undefined : 'appVersion is not an https URL';
  } catch {
    return 'appVersion is not a URL';
  }
}
