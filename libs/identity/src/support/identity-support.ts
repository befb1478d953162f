import { describeActivity } from '../activity/describe-activity';
import { activityQuery, type ActivityHistory } from '../activity/activity-entry';
import { IdentityError } from '../identity-error';
import type { IdentityEventSink, IdentityStore } from '../ports';
import { pinStatusOf, type OverviewCertificate, type PersonOverview, type PinStatus } from './person-overview';
import { supportActor, supportCivilNumber, supportReason } from './support-request';
import type { HolderCertificates, IdentitySupportStore, PersonSessions, SuspensionRecord } from './support-ports';

export interface IdentitySupportDependencies {
  identities: IdentityStore;
  store: IdentitySupportStore;
  certificates: HolderCertificates;
  sessions: PersonSessions;
  activity: ActivityHistory;
  /** The audit log and the person's activity (identity.suspended, identity.restored, pin.reset-required). */
  events: IdentityEventSink;
  clock?: () => Date;
}

/** What a suspend came to. */
export interface IdentitySuspended {
  /** This call suspended the identity (false: it was suspended already; the call finished what was left). */
  changed: boolean;
  suspension: SuspensionRecord;
  /** Certificates this call put on hold. */
  heldCertificates: string[];
  /** Certificates the CA could not hold now (unreachable): suspending again holds them. */
  failedCertificates: string[];
  grantsEnded: number;
  sessionsEnded: number;
}

/** What a restore came to. */
export interface IdentityRestored {
  /** This call restored the identity (false: it was not suspended). */
  changed: boolean;
  suspension?: SuspensionRecord;
  /** The suspension's holds released now (a certificate revoked for good meanwhile stays revoked). */
  releasedCertificates: string[];
  /** Holds the CA could not release now: the CA officer releases them (they are named in the audit log). */
  failedCertificates: string[];
}

export interface PinResetRequired {
  /** False when a reset was required already. */
  changed: boolean;
  pin: PinStatus;
}

/**
 * The support desk's actions on a person's identity (the administrators' console): look a person up,
 * suspend and restore, require a PIN reset. Suspension is decided under the identity's row lock
 * (IdentitySupportStore): logins, signing and the upgrade refuse a suspended identity from that moment;
 * then the person's grants and portal sessions end, and their good certificates go on hold, each
 * recorded as held BY this suspension, so that the restore releases those and no other.
 */
export class IdentitySupport {
  private readonly clock: () => Date;

  constructor(private readonly deps: IdentitySupportDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The person's identity, devices, certificates, PIN state and recent events; undefined when they have no identity. */
  async lookUp(civilNumber: unknown, options: { events?: number } = {}): Promise<PersonOverview | undefined> {
    const person = supportCivilNumber(civilNumber);
    const { limit } = activityQuery({ limit: options.events ?? 20 });
    const identity = await this.deps.identities.find(person);
    if (!identity) return undefined;
    const [devices, certificates, entries, [latest]] = await Promise.all([
      this.deps.identities.devices(person),
      this.deps.certificates.of(person),
      this.deps.activity.list(person, { limit }),
      this.deps.store.suspensions(person, 1),
    ]);
    const suspension = identity.status === 'suspended' && latest && !latest.restoredAt ? latest : undefined;
    const deviceOf = new Map(devices.map((d) => [d.certificateSerial, d.serial]));
    return {
      civilNumber: person,
      identity: {
        assurance: identity.assurance,
        status: identity.status,
        ...(identity.email ? { email: identity.email } : {}),
        createdAt: identity.createdAt,
        ...(suspension ? { suspension } : {}),
      },
      devices: devices.map((d) => ({ serial: d.serial, name: d.name, platform: d.platform, status: d.status, certificateSerial: d.certificateSerial, createdAt: d.createdAt })),
      certificates: certificates.map(
        (c): OverviewCertificate => ({
          ...c,
          ...(c.device ?? deviceOf.get(c.serialHex) ? { device: c.device ?? deviceOf.get(c.serialHex) } : {}),
          heldBySuspension: c.status === 'on-hold' && !!suspension?.heldCertificates.includes(c.serialHex),
        }),
      ),
      pin: pinStatusOf(identity),
      events: entries.map((entry) => ({ ...entry, description: describeActivity(entry) })),
    };
  }

  /**
   * Suspends the identity. Of any number of suspends at once one suspends (`changed`); a suspend of an
   * identity suspended already finishes what an interrupted one left (certificates still good are held).
   */
  async suspend(civilNumber: unknown, request: { reason: unknown; actor: string }): Promise<IdentitySuspended> {
    const person = supportCivilNumber(civilNumber);
    const reason = supportReason(request.reason);
    const actor = supportActor(request.actor);
    const now = this.clock();
    const decided = await this.deps.store.suspend(person, { reason, actor, at: now });
    if (!decided) throw new IdentityError('identity-unknown', 'no digital identity has this civil number');
    const { suspension } = decided;
    const devices = (await this.deps.identities.devices(person)).map((d) => d.serial);
    const ended = await this.deps.sessions.end(person, devices);
    const held: string[] = [];
    const failed: string[] = [];
    const good = (await this.deps.certificates.of(person)).filter((c) => c.status === 'good' && c.notAfter > now);
    for (const certificate of good) {
      try {
        if ((await this.deps.certificates.hold(certificate.serialHex, actor, `identity suspended: ${reason}`)) !== 'held') continue;
      } catch {
        failed.push(certificate.serialHex);
        continue;
      }
      if (await this.deps.store.recordHold(suspension.id, certificate.serialHex)) held.push(certificate.serialHex);
      // Restored while this hold was being made: the restore could not know of it, so it is undone here.
      else await this.deps.certificates.release(certificate.serialHex, actor, 'identity restored while it was being suspended');
    }
    if (decided.changed || held.length || failed.length) {
      await this.deps.events.record({
        action: 'identity.suspended',
        civilNumber: person,
        actor,
        details: {
          reason,
          suspension: suspension.id,
          held_certificates: held,
          ...(failed.length ? { failed_certificates: failed } : {}),
          grants_ended: ended.grants,
          sessions_ended: ended.sessions,
          ...(decided.changed ? {} : { repeated: true }),
        },
      });
    }
    return {
      changed: decided.changed,
      suspension: { ...suspension, heldCertificates: [...new Set([...suspension.heldCertificates, ...held])] },
      heldCertificates: held,
      failedCertificates: failed,
      grantsEnded: ended.grants,
      sessionsEnded: ended.sessions,
    };
  }

  /** Restores a suspended identity: active again, and the certificates its suspension held released. */
  async restore(civilNumber: unknown, request: { actor: string; reason?: unknown }): Promise<IdentityRestored> {
    const person = supportCivilNumber(civilNumber);
    const reason = request.reason === undefined || request.reason === '' ? undefined : supportReason(request.reason);
    const actor = supportActor(request.actor);
    const decided = await this.deps.store.restore(person, { actor, at: this.clock() });
    if (!decided) throw new IdentityError('identity-unknown', 'no digital identity has this civil number');
    if (!decided.changed || !decided.suspension) return { changed: false, releasedCertificates: [], failedCertificates: [] };
    const released: string[] = [];
    const failed: string[] = [];
    for (const serial of decided.suspension.heldCertificates) {
      try {
        if ((await this.deps.certificates.release(serial, actor, 'identity restored')) === 'released') released.push(serial);
      } catch {
        failed.push(serial);
      }
    }
    await this.deps.events.record({
      action: 'identity.restored',
      civilNumber: person,
      actor,
      details: {
        suspension: decided.suspension.id,
        suspended_at: decided.suspension.suspendedAt.toISOString(),
        released_certificates: released,
        ...(failed.length ? { failed_certificates: failed } : {}),
        ...(reason ? { reason } : {}),
      },
    });
    return { changed: true, suspension: decided.suspension, releasedCertificates: released, failedCertificates: failed };
  }

  /**
   * The person must reset their PIN (the reset journey: face match and SMS code) before the next login
   * or signing: the PIN is blocked, marked as a required reset, until that journey completes.
   */
  async requirePinReset(civilNumber: unknown, request: { reason: unknown; actor: string }): Promise<PinResetRequired> {
    const person = supportCivilNumber(civilNumber);
    const reason = supportReason(request.reason);
    const actor = supportActor(request.actor);
    const decided = await this.deps.store.requirePinReset(person, this.clock());
    if (!decided) throw new IdentityError('identity-unknown', 'no digital identity has this civil number');
    if (decided.changed) await this.deps.events.record({ action: 'pin.reset-required', civilNumber: person, actor, details: { reason } });
    const identity = await this.deps.identities.find(person);
    return { changed: decided.changed, pin: identity ? pinStatusOf(identity) : { state: 'reset-required', failures: 0, attemptsLeft: 0 } };
  }
}
