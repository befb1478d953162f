import { isISO8601 } from 'class-validator';
import { createValidationPipe } from '@theqa/http-shell';
import { isCivilNumber } from '@theqa/kernel';
import { IssueCertificateDto } from './issue-certificate.dto';

const pipe = createValidationPipe();
const BODY_KEYS = new Set(['csr', 'profile', 'identity', 'card_expiry']);
const IDENTITY_KEYS = new Set(['civil_number', 'given_name', 'surname', 'full_name']);

/**
 * The body of `POST /ca/certificates` for the node:http fast path, validated as the Nest route
 * validates it. A body that plainly satisfies IssueCertificateDto is taken as it is (class-validator
 * and class-transformer cost more than the rest of the request's HTTP handling); anything else goes
 * through the very ValidationPipe the Nest route uses, so every refusal is the same problem document.
 * The quick check only ever accepts what the pipe accepts (see issue-certificate-body.spec.ts).
 */
export async function validIssueCertificateBody(body: unknown): Promise<IssueCertificateDto> {
  if (plainlyValid(body)) return body;
  return (await pipe.transform(body, { type: 'body', metatype: IssueCertificateDto, data: undefined })) as IssueCertificateDto;
}

export function plainlyValid(body: unknown): body is IssueCertificateDto {
  if (!isRecord(body) || !onlyKeys(body, BODY_KEYS)) return false;
  const { csr, profile, identity, card_expiry: cardExpiry } = body;
  if (!boundedString(csr, 16_384) || typeof profile !== 'string' || !/^[a-z][a-z0-9-]{1,62}$/.test(profile)) return false;
  if (cardExpiry !== undefined && !(typeof cardExpiry === 'string' && isISO8601(cardExpiry, { strict: true }))) return false;
  if (!isRecord(identity) || !onlyKeys(identity, IDENTITY_KEYS)) return false;
  const { civil_number: civilNumber, given_name: givenName, surname, full_name: fullName } = identity;
  return (
    isCivilNumber(civilNumber) &&
    (givenName === undefined || boundedString(givenName, 64)) &&
    (surname === undefined || boundedString(surname, 64)) &&
    (fullName === undefined || (typeof fullName === 'string' && fullName.length <= 64))
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const onlyKeys = (value: Record<string, unknown>, allowed: Set<string>) => Object.keys(value).every((key) => allowed.has(key));
// Non-empty and at most `max` UTF-16 units (class-validator counts a surrogate pair as one: never fewer).
const boundedString = (value: unknown, max: number) => typeof value === 'string' && value.length > 0 && value.length <= max;
