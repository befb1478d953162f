import { randomBytes, randomUUID } from 'node:crypto';
import type { UpgradeStep } from '@theqa/device-protocol';
import { IdentityError, type DeviceRecord, type IdentityRecord, type SigningKeyState, type UpgradeBegun, type UpgradeStatus } from '@theqa/identity';
import type { Bilingual } from '@theqa/kernel';
import type { PortalAppDependencies } from '../src';

interface FakeJourney {
  id: string;
  civilNumber: string;
  device: string;
  step: UpgradeStep;
  status: UpgradeStatus['status'];
  failure?: string;
  scan?: { payload: string; expiresAt: Date };
  expiresAt: Date;
  renewal: boolean;
}

const NEXT: Record<UpgradeStatus['status'], Bilingual> = {
  open: { ar: 'تابع على الجهاز', en: 'Carry on on the device' },
  completed: { ar: 'أصبحت هويتك في المستوى المرتفع', en: 'Your identity is now high' },
  failed: { ar: 'ابدأ الترقية من جديد', en: 'Start the upgrade again' },
};

/**
 * The upgrade journey as the portal sees it (`Upgrades` of @theqa/identity: begin, status, abandon),
 * in memory, with the real journey's rules the portal relies on: refusals as IdentityErrors (HIGH,
 * another's device), one open upgrade per person picked up again, a QR code that lapses after 120 s
 * and is shown by status until then, another person's journey unknown. The test moves it along.
 */
export class FakeUpgrades {
  readonly journeys = new Map<string, FakeJourney>();
  /** The refusal the next begin throws, whatever is asked (a deceased person, a cancelled card…). */
  refuseNext?: IdentityError;
  /** The state of each device's signing key (absent: none recorded, `missing`). */
  readonly signingKeys = new Map<string, SigningKeyState>();

  constructor(private readonly world: { now: () => Date; identity: () => IdentityRecord; devices: () => DeviceRecord[]; calls: string[] }) {}

  port(): PortalAppDependencies['upgrades'] {
    return {
      begin: (input) => this.begin(input),
      status: async (journeyId, civilNumber) => this.statusOf(this.journeyOf(journeyId, civilNumber)),
      abandon: async (journeyId, civilNumber) => {
        this.world.calls.push(`abandon ${journeyId}`);
        const journey = this.journeyOf(journeyId, civilNumber);
        if (journey.status !== 'open') throw new IdentityError('journey-closed', 'this upgrade has already ended');
        journey.status = 'failed';
        journey.failure = 'abandoned';
        return this.statusOf(journey);
      },
      deviceSigningKeys: async (civilNumber) => {
        this.world.calls.push('deviceSigningKeys');
        return this.world
          .devices()
          .filter((d) => d.civilNumber === civilNumber && d.status === 'active')
          .map((device) => ({ device, signingKey: this.signingKeys.get(device.serial) ?? 'missing' }));
      },
    };
  }

  /** Another person's upgrade, which this person's session must not see. */
  othersJourney(): string {
    const journey = this.newJourney('30000001', 'THQ-9ZZZ-9ZZZ');
    return journey.id;
  }

  /** The wallet has scanned the code and carried the upgrade to `step`. */
  advance(journeyId: string, step: UpgradeStep): void {
    const journey = this.journeys.get(journeyId)!;
    journey.step = step;
    delete journey.scan;
  }

  complete(journeyId: string): void {
    this.advance(journeyId, 'done');
    this.journeys.get(journeyId)!.status = 'completed';
  }

  fail(journeyId: string, failure: string): void {
    const journey = this.journeys.get(journeyId)!;
    journey.status = 'failed';
    journey.failure = failure;
  }

  private async begin(input: { civilNumber: string; device: string; purpose?: 'upgrade' | 'renewal' }): Promise<UpgradeBegun> {
    this.world.calls.push(`begin ${input.device}`);
    const refusal = this.refuseNext;
    this.refuseNext = undefined;
    if (refusal) throw refusal;
    const device = this.world.devices().find((d) => d.serial === input.device && d.civilNumber === input.civilNumber && d.status === 'active');
    if (!device) throw new IdentityError('device-not-yours', `device ${input.device} is not an active device of this identity`);
    const renewal = this.world.identity().assurance === 'high';
    if (renewal && input.purpose === 'upgrade') throw new IdentityError('already-high', 'the digital identity is already HIGH');
    if (renewal && this.signingKeys.get(device.serial) === 'usable') throw new IdentityError('already-high', 'the digital identity is already HIGH and the device signs');
    const open = [...this.journeys.values()].find((j) => j.civilNumber === input.civilNumber && j.status === 'open');
    if (open && open.step !== 'scan') return { journeyId: open.id, qrPayload: '', expiresAt: open.expiresAt, step: open.step, device: open.device, resumed: true, renewal: open.renewal };
    if (open) {
      open.device = device.serial;
      open.scan = this.newScan();
      return { journeyId: open.id, qrPayload: open.scan.payload, expiresAt: open.scan.expiresAt, step: 'scan', device: open.device, resumed: true, renewal: open.renewal };
    }
    const journey = this.newJourney(input.civilNumber, device.serial, renewal);
    return { journeyId: journey.id, qrPayload: journey.scan!.payload, expiresAt: journey.scan!.expiresAt, step: 'scan', device: journey.device, resumed: false, renewal };
  }

  private newJourney(civilNumber: string, device: string, renewal = false): FakeJourney {
    const journey: FakeJourney = { id: randomUUID(), civilNumber, device, step: 'scan', status: 'open', scan: this.newScan(), expiresAt: new Date(this.world.now().getTime() + 30 * 60_000), renewal };
    this.journeys.set(journey.id, journey);
    return journey;
  }

  private newScan(): { payload: string; expiresAt: Date } {
    return { payload: `theqa:${randomBytes(90).toString('base64url')}`, expiresAt: new Date(this.world.now().getTime() + 120_000) };
  }

  private journeyOf(journeyId: string, civilNumber: string): FakeJourney {
    const journey = this.journeys.get(journeyId);
    if (!journey || journey.civilNumber !== civilNumber) throw new IdentityError('journey-unknown', 'no such upgrade');
    return journey;
  }

  private statusOf(journey: FakeJourney): UpgradeStatus {
    const scan = journey.status === 'open' && journey.scan && journey.scan.expiresAt > this.world.now() ? journey.scan : undefined;
    return {
      journeyId: journey.id,
      step: journey.step,
      status: journey.status,
      ...(journey.failure ? { failure: journey.failure } : {}),
      next: NEXT[journey.status],
      device: journey.device,
      renewal: journey.renewal,
      stepExpiresAt: journey.expiresAt,
      expiresAt: journey.expiresAt,
      ...(scan ? { qr: { payload: scan.payload, expiresAt: scan.expiresAt } } : {}),
    };
  }
}
