export { PortalModule, portalRedirectUri, portalPostLogoutRedirectUri } from './portal.module';
export { mountPortal, PORTAL_CONTENT_SECURITY_POLICY, PORTAL_FORM_LIMIT_BYTES } from './mount-portal';
/** The claims the portal asks for (those of every first-party app): who the person is, in both scripts. */
export { FIRST_PARTY_CLAIMS as PORTAL_CLAIMS } from '@theqa/first-party-web';
export { portalBrowserAssets, type PortalBrowserAssets } from './portal-browser-assets';
export type { PortalAppDependencies, PortalSigning, PortalCardSigning, PortalCertificate, PendingSignature, ActivityEntry, ActivityPage, LostDeviceReport } from './portal-app-dependencies';
