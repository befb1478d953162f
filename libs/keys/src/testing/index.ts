// @theqa/keys/testing: fakes of this lib's ports for other projects' tests and benchmarks. Kept out of the
// main entry point so production code cannot reach them (ESLint refuses `@theqa/*/testing` there).
export { MemoryKeyStore } from './memory-key-store';
