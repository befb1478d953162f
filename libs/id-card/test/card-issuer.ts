/**
 * Cards for this lib's tests: personalised in-process on the test run's SoftHSM2 configuration (its
 * SOFTHSM2_CONF, set by the global setup), with certificates from the platform's CA hierarchy in memory
 * (@theqa/web-eid/testing) — the card issuer's step without the platform, the registry or the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CitizenIdentity } from '@theqa/ca';
import { findSoftHsmLibrary } from '@theqa/testing';
import type { TestAuthority } from '@theqa/web-eid/testing';
import type { CardCertificateIssuer, Personalisation } from '../src';
import type { CardKey } from '../src/card-layout';

export const PINS = { pin1: '135790', pin2: '246801', puk: '11223344' } as const;

const PROFILE_OF: Record<CardKey, string> = { authentication: 'card-authentication', signing: 'card-qualified-signing' };

export function softHsmModule(): string {
  const library = findSoftHsmLibrary();
  if (!library || !process.env.SOFTHSM2_CONF) throw new Error('SoftHSM2 and the test run’s SOFTHSM2_CONF are needed (apt-get install softhsm2)');
  return library;
}

/** The CA's side of personalisation, as `theqa card personalise` wires it: each key's profile, until the card's expiry. */
export function issuerFor(ca: TestAuthority, identity: CitizenIdentity, cardExpiry: Date): CardCertificateIssuer {
  return async (key, csr) => (await ca.issueFromRequest({ csr, identity, cardExpiry, profile: PROFILE_OF[key] })).der;
}

/** A lock folder of the test's own, so its readers' locks meet no other run's. */
export function lockFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-card-test-lock-'));
}

export function personalisation(card: string, module: string, lockDirectory: string, extra: Partial<Personalisation> = {}): Personalisation {
  return { module, card, ...PINS, lockDirectory, ...extra };
}
