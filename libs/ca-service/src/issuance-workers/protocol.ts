import { CaError, type CaErrorCode, type CaEvent, type CitizenCertificateRequest, type IssuedCertificate, type PendingCertificate } from '@theqa/ca';
import type { KeyStoreConfig } from '@theqa/keys';

/**
 * Messages between the main thread and an issuance worker. The worker runs the CertificateIssuer
 * (CSR check, lint, signing); its ledger and audit ports are calls back to the main thread, which owns
 * the database. Buffers arrive as Uint8Array (structured clone) and are turned back with `asBuffer`.
 */
export interface WorkerSetup {
  keyStore: Extract<KeyStoreConfig, { kind: 'software' }>;
  certsDir: string;
  publicBaseUrl: string;
  /** The hierarchy as the main thread initialised it: workers load it, never create or renew it. */
  authorities: Array<{ name: string; certificateDer: Uint8Array }>;
}

export type ToWorker = { op: 'issue'; id: number; request: CitizenCertificateRequest } | { op: 'answer'; call: number; error?: SerialisedError };

export type FromWorker =
  | { op: 'ready' }
  | { op: 'reserve'; call: number; pending: PendingCertificate }
  | { op: 'complete'; call: number; serialHex: string; der: Uint8Array; issuedAt: Date }
  // Details as JSON text, checked as plain data in the worker: objects cloned across threads are not of
  // the receiving realm, which the audit log's plain-data check would refuse (under Jest's vm, notably).
  | { op: 'record'; call: number; event: Omit<CaEvent, 'details'>; detailsJson: string }
  | { op: 'issued'; id: number; issued: IssuedCertificate }
  | { op: 'failed'; id: number; error: SerialisedError };

export interface SerialisedError {
  message: string;
  code?: CaErrorCode;
  details?: Record<string, unknown>;
}

/** CaErrors cross as code, message and details (the issuer retries a serial-collision; HTTP maps codes to problems). */
export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof CaError) return { message: error.message, code: error.code, details: error.details };
  return { message: error instanceof Error ? error.message : String(error) };
}

export function deserialiseError(error: SerialisedError): Error {
  return error.code ? new CaError(error.code, error.message, error.details) : new Error(error.message);
}

export const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
