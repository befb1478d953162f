import { parseCivilNumber, type Bilingual } from '@theqa/kernel';
import { isPadesLevel, type PadesLevel } from '@theqa/pades';
import { SigningServiceError } from './signing-error';
import type { SignaturePlacement } from './signing-request';

/** What a relying party submits, as it arrives (checked by `checkNewSigningRequest`). */
export interface NewSigningRequest {
  civilNumber: unknown;
  document: Buffer;
  documentName: unknown;
  reason?: unknown;
  /** A visible signature's place; absent or null for an invisible one. */
  appearance?: unknown;
  level?: unknown;
  webhookUrl?: unknown;
}

export interface CheckedSigningRequest {
  civilNumber: string;
  document: Buffer;
  documentName: Bilingual;
  reason?: string;
  appearance?: SignaturePlacement;
  level: PadesLevel;
  webhookUrl?: string;
}

export interface SigningLimits {
  /** The largest PDF accepted, in bytes. */
  maxDocumentBytes: number;
  /** How long the person has to sign. */
  lifetimeSeconds: number;
  /** Webhooks to http:// URLs (development only: a production relying party's endpoint is https). */
  allowHttpWebhooks: boolean;
}

export const DEFAULT_SIGNING_LIMITS: SigningLimits = { maxDocumentBytes: 25 * 1024 * 1024, lifetimeSeconds: 24 * 3600, allowHttpWebhooks: false };

const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Cs}]*$/u;

/** Every field checked, each problem named; nothing is stored or sent before this passes. */
export function checkNewSigningRequest(input: NewSigningRequest, limits: SigningLimits): CheckedSigningRequest {
  const problems: string[] = [];
  const civilNumber = parseCivilNumber(input.civilNumber);
  if (!civilNumber) problems.push('civil_number: 6 to 12 digits');
  const documentName = bilingual(input.documentName);
  if (!documentName) problems.push('document_name: {"ar": …, "en": …}, each 1 to 255 printable characters');
  const reason = optionalText(input.reason, 255);
  if (reason === null) problems.push('reason: at most 255 printable characters');
  const level = input.level === undefined || input.level === null || input.level === '' ? 'B-LT' : input.level;
  if (!isPadesLevel(level)) problems.push('level: one of B-B, B-T, B-LT, B-LTA');
  const appearance = placement(input.appearance);
  if (appearance === null) problems.push('appearance: {"page": n ≥ 1, "x", "y" ≥ 0, "width" 20–2000, "height" 10–2000} in points, or null');
  const webhookUrl = webhook(input.webhookUrl, limits.allowHttpWebhooks);
  if (webhookUrl === null) problems.push(`webhook_url: an absolute ${limits.allowHttpWebhooks ? 'http(s)' : 'https'} URL without credentials, at most 2,000 characters`);
  if (problems.length || !civilNumber || !documentName) throw new SigningServiceError('request-invalid', `the signing request is not valid: ${problems.join('; ')}`, { problems });
  if (!Buffer.isBuffer(input.document) || input.document.length === 0) throw new SigningServiceError('document-invalid', 'the document is missing');
  if (input.document.length > limits.maxDocumentBytes) {
    throw new SigningServiceError('document-too-large', `the document is ${input.document.length} bytes; at most ${limits.maxDocumentBytes} are accepted`, { max_bytes: limits.maxDocumentBytes });
  }
  return {
    civilNumber,
    document: input.document,
    documentName,
    reason: reason ?? undefined,
    appearance: appearance ?? undefined,
    level: level as PadesLevel,
    webhookUrl: webhookUrl ?? undefined,
  };
}

function bilingual(value: unknown): Bilingual | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { ar, en } = value as Record<string, unknown>;
  const ok = (text: unknown) => typeof text === 'string' && text.trim().length > 0 && text.length <= 255 && PRINTABLE.test(text);
  return ok(ar) && ok(en) ? { ar: (ar as string).trim(), en: (en as string).trim() } : undefined;
}

/** The text, undefined when absent, null when unacceptable. */
function optionalText(value: unknown, max: number): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' && value.length <= max && PRINTABLE.test(value) ? value.trim() : null;
}

function placement(value: unknown): SignaturePlacement | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const { page, x, y, width, height, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length) return null;
  const numbers = [page, x, y, width, height];
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const [p, px, py, w, h] = numbers as number[];
  if (!Number.isInteger(p) || p < 1 || px < 0 || py < 0 || px > 20_000 || py > 20_000 || w < 20 || h < 10 || w > 2000 || h > 2000) return null;
  return { page: p, x: px, y: py, width: w, height: h };
}

function webhook(value: unknown, allowHttp: boolean): string | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 2000) return null;
  try {
    const url = new URL(value);
    if (url.username || url.password || url.hash) return null;
    if (url.protocol === 'https:' || (allowHttp && url.protocol === 'http:')) return url.toString();
    return null;
  } catch {
    return null;
  }
}
