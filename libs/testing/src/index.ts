export { freePort } from './free-port';
export { PlatformProcess, theqa, WORKSPACE_ROOT } from './platform-process';
export { toolIsAvailable } from './required-tool';
