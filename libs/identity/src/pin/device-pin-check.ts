import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityEventSink, IdentityRecord, IdentityStore, SecretMac } from '../ports';
import { pinMatches } from './pin-verifier';

/** Wrong PINs in a row after which the identity's PIN is blocked until a reset. */
export const PIN_ATTEMPTS = 3;

/**
 * One PIN entry on a device, wherever the platform asks for it (a challenge's answer, the upgrade's
 * signing key): decided under the identity's row lock (IdentityStore.pinAttempt), so a burst of
 * attempts cannot outrun the count; a wrong one and the block are security events. Returns the
 * identity as the store read it under that lock, when it did.
 */
export async function checkDevicePin(
  deps: { identities: IdentityStore; mac: SecretMac; events: IdentityEventSink },
  device: DeviceRecord,
  proof: string,
  now: Date,
): Promise<IdentityRecord | undefined> {
  const attempt = await deps.identities.pinAttempt(device.civilNumber, () => pinMatches(deps.mac, device.serial, proof, device.pinVerifier), { blockAt: PIN_ATTEMPTS, now });
  if (attempt.outcome === 'right') return attempt.identity;
  if (attempt.outcome === 'blocked') throw attempt.resetRequired ? pinResetRequired() : pinBlocked();
  const actor = `device:${device.serial}`;
  await deps.events.record({ action: 'pin.wrong', civilNumber: device.civilNumber, actor, device: device.serial, details: { failures: attempt.failures } });
  if (attempt.blocked) {
    await deps.events.record({ action: 'pin.blocked', civilNumber: device.civilNumber, actor, device: device.serial, details: { failures: attempt.failures } });
    throw pinBlocked();
  }
  throw new IdentityError('pin-wrong', 'the PIN is wrong', { attempts_left: Math.max(0, PIN_ATTEMPTS - attempt.failures) });
}

export function pinBlocked(): IdentityError {
  return new IdentityError('pin-blocked', 'the PIN is blocked after three wrong entries: reset it (face match, SMS code and a new PIN)');
}

/** Blocked by an administrator's request rather than by wrong PINs: the same way out, the reset journey. */
export function pinResetRequired(): IdentityError {
  return new IdentityError('pin-blocked', 'a PIN reset is required (the help desk asked for it): reset the PIN (face match, SMS code and a new PIN) before logging in or signing', {
    reason: 'reset-required',
  });
}
