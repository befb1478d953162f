// The one module of production code that may import the development stand-ins (a lint rule refuses
// them everywhere else). It is loaded only when the configuration chose a stand-in, which production's
// configuration refuses.
import { impostorSelfieFor, OutboxSmsGateway, selfieFromPhoto, SyntheticCivilRegistry, SyntheticFaceMatcher, testPersonNote } from '@theqa/dev-standins';
import type { PostgresSmsOutbox } from '@theqa/persistence';
import type { DevelopmentStandIns } from './external-systems';

export function developmentStandIns(outbox: PostgresSmsOutbox) {
  const registry = new SyntheticCivilRegistry();
  const tools: DevelopmentStandIns = {
    persons: () => registry.listPersons(),
    note: testPersonNote,
    async selfie(civilNumber, of) {
      if (of === 'impostor') return impostorSelfieFor(registry, civilNumber);
      const photo = await registry.photo(civilNumber);
      return photo && selfieFromPhoto(photo.bytes);
    },
    outbox,
  };
  return { registry, faces: new SyntheticFaceMatcher(), sms: new OutboxSmsGateway(outbox), tools };
}
