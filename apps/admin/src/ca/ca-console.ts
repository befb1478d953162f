import type { CaOperations } from '@theqa/ca-service';

/**
 * What the CA officer's pages read of the CA (`PlatformServices.caOperations()` satisfies it). The
 * status changes and CRL publication go through `administration.perform` and its executors, never
 * straight from a page: four eyes and the audit log stay in one door.
 */
export type CaConsole = Pick<CaOperations, 'searchCertificates' | 'certificate' | 'authorities' | 'expiryWarnings' | 'crlIssuers' | 'expiryWarningDays'>;

/** What the dashboard can show of the CA: how many CA and responder certificates expire soon. */
export function caExpiryWarningCount(ca: CaConsole | undefined): number {
  return ca ? ca.expiryWarnings().length : 0;
}
