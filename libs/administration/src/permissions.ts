import type { Bilingual } from '@theqa/kernel';
import type { AdministratorRole } from './roles';

/**
 * Every administrative action of the console, in the domain's words. A page or a service of the
 * console names the action it performs; the permission table below says which roles may.
 */
export const ADMINISTRATIVE_ACTIONS = [
  'console.view',
  'statistics.view',
  'approvals.view',
  'relying-party.view',
  'relying-party.onboard',
  'relying-party.edit',
  'relying-party.disable',
  'relying-party.rotate-secret',
  'ca.view',
  'certificate.view',
  'certificate.revoke',
  'certificate.revoke-administrator',
  'certificate.hold',
  'certificate.release',
  'crl.publish',
  'identity.view',
  'identity.suspend',
  'identity.restore',
  'identity.require-pin-reset',
  'audit.view',
  'audit.verify',
  'audit.export',
] as const;

export type AdministrativeAction = (typeof ADMINISTRATIVE_ACTIONS)[number];

/** Actions that read and change nothing: the only ones an auditor holds. */
export const READ_ONLY_ACTIONS: ReadonlySet<AdministrativeAction> = new Set<AdministrativeAction>([
  'console.view',
  'statistics.view',
  'approvals.view',
  'relying-party.view',
  'ca.view',
  'certificate.view',
  'identity.view',
  'audit.view',
  'audit.verify',
  'audit.export',
]);

const EVERY_ROLE: readonly AdministratorRole[] = ['relying-party-officer', 'ca-officer', 'support-officer', 'auditor'];

/**
 * Which roles may do what. A CA officer cannot onboard relying parties; a relying-party officer cannot
 * revoke certificates; the auditor reads. Changed only here, where a reviewer sees the whole table.
 */
export const PERMISSIONS: Readonly<Record<AdministrativeAction, readonly AdministratorRole[]>> = {
  'console.view': EVERY_ROLE,
  'statistics.view': EVERY_ROLE,
  'approvals.view': EVERY_ROLE,
  'relying-party.view': ['relying-party-officer', 'auditor'],
  'relying-party.onboard': ['relying-party-officer'],
  'relying-party.edit': ['relying-party-officer'],
  'relying-party.disable': ['relying-party-officer'],
  'relying-party.rotate-secret': ['relying-party-officer'],
  'ca.view': ['ca-officer', 'auditor'],
  'certificate.view': ['ca-officer', 'support-officer', 'auditor'],
  'certificate.revoke': ['ca-officer'],
  'certificate.revoke-administrator': ['ca-officer'],
  'certificate.hold': ['ca-officer'],
  'certificate.release': ['ca-officer'],
  'crl.publish': ['ca-officer'],
  'identity.view': ['support-officer', 'auditor'],
  'identity.suspend': ['support-officer'],
  'identity.restore': ['support-officer'],
  'identity.require-pin-reset': ['support-officer'],
  'audit.view': ['auditor'],
  'audit.verify': ['auditor'],
  'audit.export': ['auditor'],
};

export function isAdministrativeAction(value: unknown): value is AdministrativeAction {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

/** Whether any of these roles may do the action. */
export function rolesMay(roles: readonly AdministratorRole[], action: AdministrativeAction): boolean {
  return PERMISSIONS[action].some((role) => roles.includes(role));
}

/** Everything these roles may do. */
export function permissionsOf(roles: readonly AdministratorRole[]): AdministrativeAction[] {
  return ADMINISTRATIVE_ACTIONS.filter((action) => rolesMay(roles, action));
}

/** How pages, approvals and the audit's readers name an action. */
export const ACTION_NAMES: Record<AdministrativeAction, Bilingual> = {
  'console.view': { ar: 'عرض لوحة الإدارة', en: 'View the console' },
  'statistics.view': { ar: 'عرض الإحصاءات', en: 'View statistics' },
  'approvals.view': { ar: 'عرض طلبات الموافقة', en: 'View approvals' },
  'relying-party.view': { ar: 'عرض الجهات المعتمدة', en: 'View relying parties' },
  'relying-party.onboard': { ar: 'تسجيل جهة معتمدة', en: 'Onboard a relying party' },
  'relying-party.edit': { ar: 'تعديل جهة معتمدة', en: 'Edit a relying party' },
  'relying-party.disable': { ar: 'تعطيل جهة معتمدة', en: 'Disable a relying party' },
  'relying-party.rotate-secret': { ar: 'تجديد سر جهة معتمدة', en: 'Rotate a relying party secret' },
  'ca.view': { ar: 'عرض جهات التصديق', en: 'View the CAs' },
  'certificate.view': { ar: 'البحث في الشهادات', en: 'Search certificates' },
  'certificate.revoke': { ar: 'إلغاء شهادة', en: 'Revoke a certificate' },
  'certificate.revoke-administrator': { ar: 'إلغاء شهادة مسؤول آخر', en: "Revoke another administrator's certificate" },
  'certificate.hold': { ar: 'إيقاف شهادة مؤقتاً', en: 'Put a certificate on hold' },
  'certificate.release': { ar: 'رفع الإيقاف عن شهادة', en: 'Release a certificate from hold' },
  'crl.publish': { ar: 'نشر قائمة الإلغاء الآن', en: 'Publish a CRL now' },
  'identity.view': { ar: 'البحث عن شخص', en: 'Look a person up' },
  'identity.suspend': { ar: 'إيقاف هوية رقمية', en: 'Suspend an identity' },
  'identity.restore': { ar: 'استعادة هوية رقمية', en: 'Restore an identity' },
  'identity.require-pin-reset': { ar: 'طلب إعادة تعيين الرقم السري', en: 'Require a PIN reset' },
  'audit.view': { ar: 'البحث في سجل التدقيق', en: 'Search the audit log' },
  'audit.verify': { ar: 'التحقق من سجل التدقيق', en: 'Verify the audit log' },
  'audit.export': { ar: 'تصدير سجل التدقيق', en: 'Export the audit log' },
};
