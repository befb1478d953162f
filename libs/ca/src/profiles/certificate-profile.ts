import { z } from 'zod';
import type { KeyAlgorithm } from '@theqa/keys';

const KEY_ALGORITHMS = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const satisfies readonly KeyAlgorithm[];
export const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const;
export type KeyUsageName = (typeof KEY_USAGES)[number];

/** A certificate profile (certs/profiles/*.json): data that says what a certificate of a kind contains. */
export const certificateProfileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
    description: z.string().min(1),
    issuer: z.string().optional(),
    subject: z.enum(['citizen', 'organization', 'authority']),
    keyAlgorithms: z.array(z.enum(KEY_ALGORITHMS)).min(1),
    validity: z.union([
      z.object({ days: z.number().int().min(1).max(7300) }).strict(),
      z.object({ until: z.literal('card-expiry') }).strict(),
    ]),
    basicConstraints: z
      .object({ ca: z.boolean(), pathLength: z.number().int().min(0).max(4).optional(), critical: z.literal(true) })
      .strict(),
    keyUsage: z.object({ critical: z.literal(true), usages: z.array(z.enum(KEY_USAGES)).min(1) }).strict(),
    extendedKeyUsage: z.object({ critical: z.boolean(), purposes: z.array(z.string()).min(1) }).strict().optional(),
    policies: z.array(z.string()),
    qcStatements: z
      .object({
        compliance: z.boolean(),
        sscd: z.boolean(),
        type: z.enum(['esign', 'eseal']),
        pds: z.array(z.object({ url: z.string().url().startsWith('https://'), language: z.string().regex(/^[a-z]{2}$/) }).strict()).min(1),
      })
      .strict()
      .optional(),
    ocspNoCheck: z.boolean().optional(),
    authorityInformationAccess: z.boolean(),
    crlDistributionPoint: z.boolean(),
  })
  .strict();

export type CertificateProfile = z.infer<typeof certificateProfileSchema>;

export function keyAlgorithmAllowed(profile: CertificateProfile, algorithm: KeyAlgorithm): boolean {
  return profile.keyAlgorithms.includes(algorithm);
}
