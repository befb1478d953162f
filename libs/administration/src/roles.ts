import type { Bilingual } from '@theqa/kernel';

/**
 * The administrators' roles, apart by design (separation of duties): who onboards relying parties
 * does not run the CAs, who runs the CAs does not onboard relying parties, support helps citizens,
 * and the auditor reads everything and changes nothing.
 */
export const ADMINISTRATOR_ROLES = ['relying-party-officer', 'ca-officer', 'support-officer', 'auditor'] as const;

export type AdministratorRole = (typeof ADMINISTRATOR_ROLES)[number];

export const ROLE_NAMES: Record<AdministratorRole, Bilingual> = {
  'relying-party-officer': { ar: 'مسؤول الجهات المعتمدة', en: 'Relying-party officer' },
  'ca-officer': { ar: 'مسؤول جهة التصديق', en: 'CA officer' },
  'support-officer': { ar: 'مسؤول الدعم', en: 'Support officer' },
  auditor: { ar: 'المدقق (قراءة فقط)', en: 'Auditor (read only)' },
};

export function isAdministratorRole(value: unknown): value is AdministratorRole {
  return typeof value === 'string' && (ADMINISTRATOR_ROLES as readonly string[]).includes(value);
}
