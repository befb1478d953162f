export { freePort } from './free-port';
export { PlatformProcess, theqa, theqaAsync, WORKSPACE_ROOT } from './platform-process';
export { toolIsAvailable } from './required-tool';
export { TestBrowser } from './test-browser';
export { RoundRobinBalancer } from './round-robin-balancer';
