import { Screenshots as SharedScreenshots } from '@theqa/testing';

export { approve, checkPage, logInThroughGateway, readQr, seriousViolations } from '@theqa/testing';

/**
 * Screenshots numbered in the order taken, in test-artifacts/admin/. Each suite keeps its own files
 * (a prefix: `admin-rp-01-….png`; the shell's suite none), so suites run in any order keep each other's.
 */
export class Screenshots extends SharedScreenshots {
  constructor(prefix = '') {
    super('admin', prefix);
  }
}
