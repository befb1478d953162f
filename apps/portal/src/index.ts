export { PortalModule, portalRedirectUri, portalPostLogoutRedirectUri } from './portal.module';
export { mountPortal, PORTAL_CONTENT_SECURITY_POLICY, PORTAL_FORM_LIMIT_BYTES } from './mount-portal';
export { PORTAL_CLAIMS } from './login/portal-oidc-client';
export { portalBrowserAssets, type PortalBrowserAssets } from './portal-browser-assets';
export type { PortalAppDependencies, PortalSigning, PortalCertificate, PendingSignature, ActivityEntry, ActivityPage, LostDeviceReport } from './portal-app-dependencies';
