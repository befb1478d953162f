import type { AdministrativeAction } from '@theqa/administration';
import type { Bilingual } from '@theqa/kernel';

/**
 * One route of the console: its method, its path as the controller declares it (Express's pattern,
 * `:id` for a parameter), and the permission it needs — or `public` for the few a person reaches
 * before logging in. A GET with `nav` has a place in the navigation, shown only to those allowed.
 */
export interface AdminRoute {
  method: 'GET' | 'POST';
  path: string;
  permission: AdministrativeAction | 'public';
  nav?: { label: Bilingual };
}

/**
 * Every route of the console, in one place: AdminHttp answers a route only as this table says (a
 * handler whose route is missing here fails closed), the navigation is drawn from it, and a test walks
 * it for every role, expecting the 403 page wherever the role lacks the permission. A new page adds
 * its line(s) here and its controller to AdminModule.
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  { method: 'GET', path: '/admin/login', permission: 'public' },
  { method: 'POST', path: '/admin/login', permission: 'public' },
  { method: 'GET', path: '/admin/callback', permission: 'public' },
  { method: 'GET', path: '/admin/logged-out', permission: 'public' },
  // Logging out needs the session's form token, not a role: someone taken off the roster can still leave.
  { method: 'POST', path: '/admin/logout', permission: 'public' },
  { method: 'GET', path: '/admin', permission: 'console.view', nav: { label: { ar: 'الرئيسية', en: 'Dashboard' } } },
  { method: 'GET', path: '/admin/approvals', permission: 'approvals.view', nav: { label: { ar: 'طلبات الموافقة', en: 'Approvals' } } },
  // Deciding needs, besides, a role allowed to do the proposal's own action (Administration.approve checks).
  { method: 'POST', path: '/admin/approvals/:id/approve', permission: 'approvals.view' },
  { method: 'POST', path: '/admin/approvals/:id/reject', permission: 'approvals.view' },
  { method: 'GET', path: '/admin/relying-parties', permission: 'relying-party.view', nav: { label: { ar: 'الجهات المعتمدة', en: 'Relying parties' } } },
  { method: 'GET', path: '/admin/relying-parties/new', permission: 'relying-party.onboard' },
  { method: 'POST', path: '/admin/relying-parties', permission: 'relying-party.onboard' },
  { method: 'GET', path: '/admin/relying-parties/:clientId', permission: 'relying-party.view' },
  { method: 'GET', path: '/admin/relying-parties/:clientId/edit', permission: 'relying-party.edit' },
  { method: 'POST', path: '/admin/relying-parties/:clientId/edit', permission: 'relying-party.edit' },
  { method: 'POST', path: '/admin/relying-parties/:clientId/disable', permission: 'relying-party.disable' },
  { method: 'POST', path: '/admin/relying-parties/:clientId/rotate-secret', permission: 'relying-party.rotate-secret' },
  // Identity support: look a person up, suspend (four eyes where configured), restore, require a PIN reset.
  { method: 'GET', path: '/admin/identities', permission: 'identity.view', nav: { label: { ar: 'دعم الهويات', en: 'Identity support' } } },
  { method: 'GET', path: '/admin/identities/:civilNumber', permission: 'identity.view' },
  { method: 'POST', path: '/admin/identities/:civilNumber/suspend', permission: 'identity.suspend' },
  { method: 'POST', path: '/admin/identities/:civilNumber/restore', permission: 'identity.restore' },
  { method: 'POST', path: '/admin/identities/:civilNumber/pin-reset', permission: 'identity.require-pin-reset' },
  // The audit log: the auditor's, read only (verifying and exporting change nothing but are audited).
  { method: 'GET', path: '/admin/audit', permission: 'audit.view', nav: { label: { ar: 'سجل التدقيق', en: 'Audit' } } },
  { method: 'POST', path: '/admin/audit/verify', permission: 'audit.verify' },
  { method: 'POST', path: '/admin/audit/export', permission: 'audit.export' },
  { method: 'GET', path: '/admin/audit/export-key', permission: 'audit.export' },
  // CA operations: the certificate search and a certificate's page (revoking checks, besides, whether
  // the holder is another administrator: certificate.revoke-administrator, four eyes where configured).
  { method: 'GET', path: '/admin/ca/certificates', permission: 'certificate.view', nav: { label: { ar: 'الشهادات', en: 'Certificates' } } },
  { method: 'GET', path: '/admin/ca/certificates/:serial', permission: 'certificate.view' },
  { method: 'GET', path: '/admin/ca/certificates/:serial/pem', permission: 'certificate.view' },
  { method: 'POST', path: '/admin/ca/certificates/:serial/revoke', permission: 'certificate.revoke' },
  { method: 'POST', path: '/admin/ca/certificates/:serial/hold', permission: 'certificate.hold' },
  { method: 'POST', path: '/admin/ca/certificates/:serial/release', permission: 'certificate.release' },
  { method: 'GET', path: '/admin/ca', permission: 'ca.view', nav: { label: { ar: 'جهات التصديق', en: 'CAs' } } },
  { method: 'POST', path: '/admin/ca/crls', permission: 'crl.publish' },
];

/** The table's route for a request's method and matched path pattern. */
export function adminRouteOf(method: string, path: string): AdminRoute | undefined {
  const normalised = path.length > 1 ? path.replace(/\/$/, '') : path;
  return ADMIN_ROUTES.find((route) => route.method === method && route.path === normalised);
}
