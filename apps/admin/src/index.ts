export { AdminModule, ADMIN_CONTROLLERS, adminRedirectUri, adminPostLogoutRedirectUri } from './admin.module';
export { mountAdmin, ADMIN_CONTENT_SECURITY_POLICY, ADMIN_FORM_LIMIT_BYTES } from './mount-admin';
export { ADMIN_CLAIMS } from './login/admin-oidc-client';
export { ADMIN_ROUTES, adminRouteOf, type AdminRoute } from './routes/admin-route-table';
export { ADMIN_APP, type AdminAppDependencies, type AdminRelyingParties } from './admin-app-dependencies';
export { AdminHttp, type AdminRequest } from './http/admin-http';
export { caExpiryWarningCount, type CaConsole } from './ca/ca-console';
