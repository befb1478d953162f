export { freePort } from './free-port';
export { PlatformProcess, theqa, theqaAsync, WORKSPACE_ROOT } from './platform-process';
export { toolIsAvailable } from './required-tool';
export { TestBrowser } from './test-browser';
export { RoundRobinBalancer } from './round-robin-balancer';
export { createSoftHsmToken, findSoftHsmLibrary, softHsmIsAvailable, softHsmIsInstalled, useSoftHsmConfig, type SoftHsmToken, type SoftHsmTokenOptions } from './softhsm';
export { opensslCsr, run, tempDir } from './openssl';
export { chromiumPath, chromiumIsAvailable, launchChromium } from './chromium';
export { ownerDatabaseUrl, productionVariables, testInstallation } from './test-installation';
