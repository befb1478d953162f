import { createPublicKey, verify } from 'node:crypto';
import { fromBase64url, readUpgradeScan, upgradeScanSigningBytes, type UpgradeScan } from '@theqa/device-protocol';
import { deviceBySignature, deviceRemoved } from '../devices/device-signature';
import type { JourneyGuard } from '../enrolment/journey-guard';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityStore, JourneyRecord, UpgradeStore } from '../ports';

/**
 * The checks of a wallet's scan of an upgrade's QR code, cheapest first: well-formed; a code the
 * platform showed and still waits on; not lapsed; signed by a registered device's key (a stranger's
 * scan and an unknown serial are one refusal); that device still active; and the device the person
 * picked. The claim itself — once, among any number at once — is the store's (UpgradeStore.claim).
 */
export async function claimScan(body: unknown, deps: { upgrades: UpgradeStore; identities: IdentityStore; guard: JourneyGuard }, now: Date): Promise<{ journey: JourneyRecord; device: DeviceRecord }> {
  const scan = readScan(body);
  const journey = await deps.upgrades.byScanRequest(scan.request);
  if (!journey || journey.kind !== 'upgrade') throw new IdentityError('upgrade-code-unknown', 'no upgrade waits for this code: scan the code the portal shows now');
  if (journey.status !== 'open' || journey.step !== 'scan' || !journey.state.scan) throw new IdentityError('upgrade-code-used', 'this upgrade code has already been scanned or its upgrade has ended');
  if (journey.expiresAt <= now || journey.stepExpiresAt <= now) {
    await deps.guard.fail(journey, journey.expiresAt <= now ? 'journey-expired' : 'step-expired', now);
    throw new IdentityError('journey-expired', 'this upgrade took too long and has ended: start it again in the portal');
  }
  if (Date.parse(journey.state.scan.expiresAt) <= now.getTime()) throw new IdentityError('upgrade-code-expired', 'this upgrade code has expired: refresh the portal page and scan the new code');
  const signature = Buffer.from(fromBase64url(scan.signature));
  const bytes = upgradeScanSigningBytes(scan);
  const device = await deviceBySignature(deps.identities, scan.device, (d) =>
    verify('sha256', bytes, { key: createPublicKey({ key: d.publicKeySpki, format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' }, signature),
  );
  if (!device) throw new IdentityError('device-signature-invalid', "the scan's signature does not verify with the device's key");
  if (device.status !== 'active') throw deviceRemoved();
  // Another person's device learns nothing of whose code it scanned; the person's other device is told which one to use.
  if (device.civilNumber !== journey.civilNumber) throw new IdentityError('upgrade-other-device', 'this upgrade code is not for this device');
  if (device.serial !== journey.state.deviceSerial) {
    throw new IdentityError('upgrade-other-device', `this upgrade is for device ${journey.state.deviceSerial}: scan it with that device, or pick this one in the portal`, { device: journey.state.deviceSerial });
  }
  return { journey, device };
}

function readScan(body: unknown): UpgradeScan {
  try {
    return readUpgradeScan(body);
  } catch (error) {
    throw new IdentityError('request-invalid', (error as Error).message);
  }
}
