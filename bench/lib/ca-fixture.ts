import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync, sign } from 'node:crypto';
import {
  AuthorityRegistry,
  CertificateIssuer,
  ProfileCatalogue,
  initialiseHierarchy,
  loadHierarchyDefinition,
  loadPlatformOids,
  buildCertificationRequest,
} from '@theqa/ca';
import { MemoryAuthorityStore, MemoryEvents, MemoryLedger } from '@theqa/ca/testing';
import { MemoryKeyStore } from '@theqa/keys/testing';

export const CERTS = path.resolve(__dirname, '../../certs');

/** A hierarchy in memory (no database): what in-process benchmarks issue from. */
export async function memoryCertificateAuthority() {
  const oids = loadPlatformOids(CERTS);
  const profiles = ProfileCatalogue.load(path.join(CERTS, 'profiles'), oids);
  let registry = new AuthorityRegistry();
  const ledger = new MemoryLedger();
  const issuer = new CertificateIssuer({ profiles, authorities: { get: (n: string) => registry.get(n) } as AuthorityRegistry, ledger, events: new MemoryEvents(), oids });
  const { authorities } = await initialiseHierarchy(
    { definitions: loadHierarchyDefinition(CERTS), profiles, keyStore: new MemoryKeyStore(), store: new MemoryAuthorityStore(), publicBaseUrl: 'http://127.0.0.1:8080' },
    issuer,
    'bench',
  );
  registry = authorities;
  return { issuer, authorities, ledger };
}

/** PKCS#10 requests, each with its own P-256 key, signed as a device would: made once, before timing. */
export async function makeCsrs(count: number): Promise<Buffer[]> {
  const csrs: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    csrs.push(
      await buildCertificationRequest({
        publicKeySpki: publicKey.export({ type: 'spki', format: 'der' }),
        signatureAlgorithm: 'ecdsa-with-SHA256',
        sign: (data) => sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }),
      }),
    );
  }
  return csrs;
}

/** Checks one of our CSRs with OpenSSL, so the benchmark does not time something malformed. */
export function assertOpensslAcceptsCsr(der: Buffer): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-bench-csr-'));
  try {
    const file = path.join(dir, 'r.der');
    fs.writeFileSync(file, der);
    execFileSync('openssl', ['req', '-inform', 'DER', '-in', file, '-noout', '-verify'], { stdio: 'pipe' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
