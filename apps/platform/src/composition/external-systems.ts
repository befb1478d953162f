import { HttpCivilRegistry, HttpFaceMatcher, HttpSmsGateway, type CivilRegistry, type FaceMatcher, type Label, type RegistryPerson, type SmsGateway } from '@theqa/integrations';
import { PostgresSmsOutbox, type Database } from '@theqa/persistence';
import type { HttpServiceConfiguration, PlatformConfiguration } from './configuration';
import { developmentStandIns } from './development-stand-ins';

/** The systems outside the platform, as the configuration chose them. */
export interface ExternalSystems {
  registry: CivilRegistry;
  faces: FaceMatcher;
  sms: SmsGateway;
  /** Development only: what the stand-ins offer a developer (see development-stand-ins.ts). */
  standIns?: DevelopmentStandIns;
}

/** The stand-ins' own tools: the synthetic registry's people, the camera, the SMS outbox. */
export interface DevelopmentStandIns {
  persons(): RegistryPerson[];
  /** What a named test person is for (an expired card, a deceased person…), if one. */
  note(civilNumber: string): Label | undefined;
  /** A selfie as the phone's camera would take it: of the person, or of somebody else. */
  selfie(civilNumber: string, of: 'person' | 'impostor'): Promise<Buffer | undefined>;
  outbox: PostgresSmsOutbox;
}

/**
 * Each outside system's adapter: the real HTTP client, or the development stand-in (made only when
 * chosen, which production's configuration refuses), through the one module that may import them.
 */
export async function openExternalSystems(config: PlatformConfiguration, database: Database): Promise<ExternalSystems> {
  const choice = config.externalSystems;
  let made: ReturnType<typeof developmentStandIns> | undefined;
  const standIns = () => (made ??= developmentStandIns(new PostgresSmsOutbox(database.dataSource)));
  return {
    registry: choice.civilRegistry.kind === 'http' ? new HttpCivilRegistry(endpoint(choice.civilRegistry)) : standIns().registry,
    faces: choice.faceMatcher.kind === 'http' ? new HttpFaceMatcher(endpoint(choice.faceMatcher)) : standIns().faces,
    sms: choice.sms.kind === 'http' ? new HttpSmsGateway(endpoint(choice.sms)) : standIns().sms,
    // Last: by now made if any stand-in was chosen.
    standIns: made?.tools,
  };
}

function endpoint(service: HttpServiceConfiguration) {
  return { baseUrl: service.url, token: service.token, timeoutMs: service.timeoutMs, retries: service.retries };
}
