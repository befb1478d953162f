import { encodeCrl, type Authority, type AuthorityRegistry, type CaEventSink, type RevokedEntry } from '@theqa/ca';
import type { PostgresCertificateLedger, PostgresCrlStore, StoredCrl } from '@theqa/persistence';

const HOUR_MS = 3_600_000;

/**
 * Publishes each certification authority's CRL: after revocations, and on a schedule before the
 * current one gets old (at half its validity). Publications of one CA are coalesced: a request that
 * arrives while one runs is served by a single follow-up run, which sees every change before it.
 */
export class CrlPublisher {
  private readonly running = new Map<string, Promise<StoredCrl>>();
  private readonly again = new Map<string, Promise<StoredCrl>>();

  constructor(
    private readonly deps: {
      authorities: AuthorityRegistry;
      ledger: PostgresCertificateLedger;
      store: PostgresCrlStore;
      events: CaEventSink;
      validityHours: number;
      clock?: () => Date;
    },
  ) {}

  /** The authorities that sign CRLs: every CA of the hierarchy. */
  crlIssuers(): Authority[] {
    return this.deps.authorities.all().filter((a) => a.profile.basicConstraints.ca);
  }

  latest(issuer: string): Promise<StoredCrl | undefined> {
    return this.deps.store.latest(issuer);
  }

  publish(issuer: string): Promise<StoredCrl> {
    const running = this.running.get(issuer);
    if (!running) return this.start(issuer);
    let queued = this.again.get(issuer);
    if (!queued) {
      queued = running.catch(() => undefined).then(() => {
        this.again.delete(issuer);
        return this.start(issuer);
      });
      this.again.set(issuer, queued);
    }
    return queued;
  }

  /** Publishes every CA whose CRL is missing or past half its validity. */
  async publishDue(): Promise<StoredCrl[]> {
    const now = this.now();
    const published: StoredCrl[] = [];
    for (const authority of this.crlIssuers()) {
      const latest = await this.deps.store.latest(authority.name);
      const halfLife = (this.deps.validityHours * HOUR_MS) / 2;
      if (!latest || latest.nextUpdate.getTime() - now.getTime() < halfLife) published.push(await this.publish(authority.name));
    }
    return published;
  }

  private start(issuer: string): Promise<StoredCrl> {
    const run = this.build(issuer).finally(() => this.running.delete(issuer));
    this.running.set(issuer, run);
    return run;
  }

  private async build(issuer: string): Promise<StoredCrl> {
    const authority = this.deps.authorities.get(issuer);
    const crl = await this.deps.store.publish(issuer, async (crlNumber, tx) => {
      const thisUpdate = this.now();
      const nextUpdate = new Date(thisUpdate.getTime() + this.deps.validityHours * HOUR_MS);
      const entries: RevokedEntry[] = [];
      for await (const row of this.deps.ledger.revokedEntries(issuer, thisUpdate, { db: tx })) {
        entries.push({ serial: Buffer.from(row.serialHex, 'hex'), revokedAt: row.revokedAt, reason: (row.reason ?? undefined) as RevokedEntry['reason'], invalidityDate: row.invalidityDate ?? undefined });
      }
      const der = await encodeCrl({
        issuerName: authority.nameDer,
        signer: authority.key,
        crlNumber,
        thisUpdate,
        nextUpdate,
        authorityKeyIdentifier: authority.keyId,
        entries,
        issuingDistributionPoint: authority.urls.crl,
      });
      return { der, thisUpdate, nextUpdate, entries: entries.length };
    });
    await this.deps.events.record({
      action: 'crl.published',
      actor: 'system',
      subject: issuer,
      details: { crl_number: crl.crlNumber.toString(), entries: crl.entries, next_update: crl.nextUpdate.toISOString() },
    });
    return crl;
  }

  private now(): Date {
    return new Date(Math.floor((this.deps.clock ?? (() => new Date()))().getTime() / 1000) * 1000);
  }
}
