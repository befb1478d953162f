import type { IdentityStore } from '@theqa/identity';
import type { CivilRegistry } from '@theqa/integrations';
import type { DeviceSigningKeyStore, SignerDirectory } from './ports';

/** The signer directory over the identity store, the recorded signing keys and the civil registry. */
export function signerDirectory(deps: { identities: IdentityStore; signingKeys: DeviceSigningKeyStore; registry: CivilRegistry }): SignerDirectory {
  return {
    identity: (civilNumber) => deps.identities.find(civilNumber),
    signingKey: (device) => deps.signingKeys.ofDevice(device),
    async signingDevices(civilNumber) {
      const keys = await deps.signingKeys.ofPerson(civilNumber);
      const devices = await deps.identities.devices(civilNumber);
      return keys.flatMap((key) => {
        const device = devices.find((d) => d.serial === key.device && d.status === 'active');
        return device ? [{ device, key }] : [];
      });
    },
    async names(civilNumber) {
      const person = await deps.registry.findPerson(civilNumber);
      return person && { ar: person.full_name_ar, en: person.full_name_en };
    },
  };
}
