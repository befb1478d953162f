import { isDeepStrictEqual } from 'node:util';
import { generateClientId, CLIENT_ID_PATTERN } from './client-id';
import { clientSecretOf, CLIENT_SECRET_MAC_LABEL, type SecretMac } from './client-secret';
import { daysOf, loginRange, type DailyLogins, type LoginRange } from './login-range';
import type { RelyingPartyEvents, RelyingPartyLogins, RelyingPartyStore } from './ports';
import type { RelyingParty, RelyingPartyChanges, RelyingPartyInput } from './relying-party';
import { RelyingPartyError } from './relying-party-error';
import { validateRegistration, type Registration } from './validate-registration';

export interface RelyingPartyRegistryOptions {
  store: RelyingPartyStore;
  events: RelyingPartyEvents;
  /** The key client secrets are derived under (CLIENT_SECRET_MAC_LABEL); only client_secret_basic needs it. */
  secretMac?: SecretMac;
  /** Development only: http redirect URIs on 127.0.0.1, [::1] and localhost. */
  allowLoopbackHttp?: boolean;
  /** Where approved logins are counted (logins per day); only `loginsPerDay` needs it. */
  logins?: RelyingPartyLogins;
  /** The time zone whose calendar days `loginsPerDay` counts in (the ministry's: Asia/Muscat). */
  timeZone?: string;
  clock?: () => Date;
}

/** A registration's outcome. The secret is present only where it is handed out: shown once, never stored. */
export interface RegisteredRelyingParty {
  relyingParty: RelyingParty;
  clientSecret?: string;
}

/** The fields `ensure` compares and replaces: what the administrator decides. */
const DECIDED: ReadonlyArray<keyof Registration> = [
  'name',
  'redirectUris',
  'postLogoutRedirectUris',
  'claims',
  'purpose',
  'acrValues',
  'authMethod',
  'jwks',
  'jwksUri',
  'ciba',
  'requirePushedAuthorizationRequests',
  'sectorHost',
];

/**
 * The register of relying parties: policy (what a valid registration is) over a store, with each
 * administrator action audited. The CLI and the administrators' console drive it; the gateway reads
 * it through `findActive`.
 */
export class RelyingPartyRegistry {
  private readonly store: RelyingPartyStore;
  private readonly events: RelyingPartyEvents;
  private readonly secretMac?: SecretMac;
  private readonly allowLoopbackHttp: boolean;
  private readonly logins?: RelyingPartyLogins;
  private readonly timeZone: string;
  private readonly clock: () => Date;

  constructor(options: RelyingPartyRegistryOptions) {
    if (options.secretMac && options.secretMac.label !== CLIENT_SECRET_MAC_LABEL) throw new Error(`the client-secret MAC key must be "${CLIENT_SECRET_MAC_LABEL}", not "${options.secretMac.label}"`);
    this.store = options.store;
    this.events = options.events;
    this.secretMac = options.secretMac;
    this.allowLoopbackHttp = options.allowLoopbackHttp ?? false;
    this.logins = options.logins;
    this.timeZone = options.timeZone ?? 'UTC';
    this.clock = options.clock ?? (() => new Date());
  }

  async register(input: RelyingPartyInput, actor: string): Promise<RegisteredRelyingParty> {
    const registration = this.validate(input);
    const now = this.clock();
    const { clientId = generateClientId(), ...decided } = registration;
    const rp: RelyingParty = {
      clientId,
      ...decided,
      secretGeneration: decided.authMethod === 'client_secret_basic' ? 1 : undefined,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insert(rp);
    await this.events.record({ action: 'rp.registered', actor, clientId, details: summary(rp) });
    return { relyingParty: rp, clientSecret: await this.secretOf(rp) };
  }

  list(): Promise<RelyingParty[]> {
    return this.store.list();
  }

  async show(clientId: string): Promise<RelyingParty> {
    const rp = typeof clientId === 'string' && CLIENT_ID_PATTERN.test(clientId) ? await this.store.find(clientId) : undefined;
    if (!rp) throw new RelyingPartyError('rp-unknown', `no relying party with client id ${JSON.stringify(clientId)}`, { clientId });
    return rp;
  }

  /** The relying party a login may proceed for: unknown and disabled ones are both simply absent. */
  async findActive(clientId: string): Promise<RelyingParty | undefined> {
    if (typeof clientId !== 'string' || !CLIENT_ID_PATTERN.test(clientId)) return undefined;
    const rp = await this.store.find(clientId);
    return rp?.status === 'active' ? rp : undefined;
  }

  /** Disabling is final for the client id (a returning RP registers afresh): logins stop at once. */
  async disable(clientId: string, actor: string): Promise<RelyingParty> {
    const existing = await this.show(clientId);
    if (existing.status === 'disabled') throw alreadyDisabled(existing);
    const disabled = await this.store.setStatus(clientId, 'disabled', this.clock());
    if (!disabled) throw new RelyingPartyError('rp-disabled', `relying party ${clientId} was disabled at the same moment by another request`, { clientId });
    await this.events.record({ action: 'rp.disabled', actor, clientId, details: { name_en: disabled.name.en } });
    return disabled;
  }

  /**
   * Registration that may be repeated (development seeding at every `npm start`): registers the RP if
   * absent, otherwise brings what the administrator decides in line with the input. A disabled RP
   * stays disabled: that was someone's decision.
   */
  async ensure(input: RelyingPartyInput, actor: string): Promise<RegisteredRelyingParty & { outcome: 'registered' | 'updated' | 'unchanged' }> {
    const registration = this.validate(input);
    const { clientId, ...decided } = registration;
    if (!clientId) throw RelyingPartyError.invalid([{ field: 'clientId', problem: 'is required to ensure a registration (it is what makes it repeatable)' }]);
    let existing = await this.store.find(clientId);
    if (!existing) {
      try {
        return { ...(await this.register(input, actor)), outcome: 'registered' };
      } catch (error) {
        // Two starts seeding at once: the other one registered it; carry on as an update.
        if (!(error instanceof RelyingPartyError && error.code === 'rp-exists')) throw error;
        existing = await this.show(clientId);
      }
    }
    const { changed, ...applied } = await this.apply(existing, decided, actor);
    return { ...applied, outcome: changed.length ? 'updated' : 'unchanged' };
  }

  /**
   * An administrator's edit (the console, `npx theqa rp update`): the fields given replace the RP's,
   * the rest stay, and the whole is validated exactly as a registration is (`validateRegistration`,
   * one `rp-invalid` naming every problem), nothing stored when it fails. The client id never
   * changes; a disabled RP is not edited. Giving `jwksUri` replaces pasted keys and `jwks` a JWKS
   * URI; moving to client_secret_basic drops both and hands out the secret once (`clientSecret`); `changed` names the fields that changed (none: nothing recorded).
   */
  async update(clientId: string, changes: RelyingPartyChanges, actor: string): Promise<RegisteredRelyingParty & { changed: string[] }> {
    const existing = await this.show(clientId);
    if (existing.status === 'disabled') throw alreadyDisabled(existing);
    const given = Object.fromEntries(Object.entries(changes ?? {}).filter(([, value]) => value !== undefined)) as RelyingPartyChanges & { clientId?: unknown };
    if ('clientId' in given && given.clientId !== clientId) throw RelyingPartyError.invalid([{ field: 'clientId', problem: 'cannot change: a relying party keeps its client id (register a new one instead)' }]);
    const input: RelyingPartyInput = { ...inputOf(existing), ...given, clientId };
    // One source of keys replaces the other; a secret client has neither.
    if (given.jwksUri !== undefined && given.jwks === undefined) delete input.jwks;
    if (given.jwks !== undefined && given.jwksUri === undefined) delete input.jwksUri;
    if (given.authMethod === 'client_secret_basic') {
      if (given.jwks === undefined) delete input.jwks;
      if (given.jwksUri === undefined) delete input.jwksUri;
    }
    const { clientId: _same, ...decided } = this.validate(input);
    return this.apply(existing, decided, actor);
  }

  /**
   * Approved logins through the RP on each day of the range (`from`, `to`: calendar days, YYYY-MM-DD,
   * both included, at most 366 days), every day listed, zero where there were none.
   */
  async loginsPerDay(clientId: string, range: { from: unknown; to: unknown }): Promise<DailyLogins[]> {
    const days: LoginRange = loginRange(range);
    await this.show(clientId);
    if (!this.logins) throw new Error('logins per day need the login counts: build the registry with logins');
    const counted = new Map((await this.logins.perDay(clientId, days, this.timeZone)).map((d) => [d.day, d.logins]));
    return daysOf(days).map((day) => ({ day, logins: counted.get(day) ?? 0 }));
  }

  /** Brings what the administrator decides in line with `decided`, audited; nothing is written when nothing changed. */
  private async apply(existing: RelyingParty, decided: Registration, actor: string): Promise<RegisteredRelyingParty & { changed: string[] }> {
    const { clientId } = existing;
    // Deep equality ignores member order, which jsonb does not keep.
    const changed = DECIDED.filter((field) => !isDeepStrictEqual(existing[field], decided[field]));
    if (!changed.length) return { relyingParty: existing, changed: [] };
    const basic = decided.authMethod === 'client_secret_basic';
    const next: RelyingParty = { ...existing, ...decided, secretGeneration: basic ? (existing.secretGeneration ?? 1) : undefined, updatedAt: this.clock() };
    const updated = await this.store.update(next);
    if (!updated) throw new RelyingPartyError('rp-unknown', `relying party ${clientId} disappeared while it was being updated`, { clientId });
    await this.events.record({ action: 'rp.updated', actor, clientId, details: { changed, ...summary(updated) } });
    // A secret is handed out only when the RP has just become a secret client.
    const clientSecret = basic && existing.authMethod !== 'client_secret_basic' ? await this.secretOf(updated) : undefined;
    return { relyingParty: updated, clientSecret, changed: [...changed] };
  }

  /** A new client secret (the previous one stops working): the remedy for a lost or leaked secret. */
  async rotateSecret(clientId: string, actor: string): Promise<RegisteredRelyingParty & { clientSecret: string }> {
    const existing = await this.show(clientId);
    if (existing.status === 'disabled') throw alreadyDisabled(existing);
    if (existing.authMethod !== 'client_secret_basic') {
      throw RelyingPartyError.invalid([{ field: 'authMethod', problem: `${clientId} authenticates with ${existing.authMethod} and has no client secret to rotate` }]);
    }
    this.requireMac();
    const rotated = await this.store.nextSecretGeneration(clientId, this.clock());
    if (!rotated) throw new RelyingPartyError('rp-unknown', `relying party ${clientId} changed while its secret was being rotated`, { clientId });
    await this.events.record({ action: 'rp.secret-rotated', actor, clientId, details: { secret_generation: rotated.secretGeneration } });
    return { relyingParty: rotated, clientSecret: await clientSecretOf(this.requireMac(), rotated) };
  }

  /** The current client secret of a client_secret_basic RP (the gateway needs it to check the client). */
  async clientSecret(rp: RelyingParty): Promise<string> {
    return clientSecretOf(this.requireMac(), rp);
  }

  private validate(input: RelyingPartyInput) {
    const registration = validateRegistration(input, { allowLoopbackHttp: this.allowLoopbackHttp });
    // Checked before anything is stored: a secret client registered without a secret to give would be unusable.
    if (registration.authMethod === 'client_secret_basic') this.requireMac();
    return registration;
  }

  private requireMac(): SecretMac {
    if (!this.secretMac) throw new Error(`client_secret_basic needs the "${CLIENT_SECRET_MAC_LABEL}" MAC key: build the registry with secretMac`);
    return this.secretMac;
  }

  private async secretOf(rp: RelyingParty): Promise<string | undefined> {
    return rp.authMethod === 'client_secret_basic' ? clientSecretOf(this.requireMac(), rp) : undefined;
  }
}

/** A registered RP as the input that would register it again (what `update` starts from). */
function inputOf(rp: RelyingParty): RelyingPartyInput {
  return {
    clientId: rp.clientId,
    name: rp.name,
    redirectUris: rp.redirectUris,
    postLogoutRedirectUris: rp.postLogoutRedirectUris,
    claims: rp.claims,
    purpose: rp.purpose,
    acrValues: rp.acrValues,
    authMethod: rp.authMethod,
    ...(rp.jwks ? { jwks: rp.jwks } : {}),
    ...(rp.jwksUri ? { jwksUri: rp.jwksUri } : {}),
    ciba: rp.ciba,
    requirePushedAuthorizationRequests: rp.requirePushedAuthorizationRequests,
  };
}

function alreadyDisabled(rp: RelyingParty): RelyingPartyError {
  return new RelyingPartyError('rp-disabled', `relying party ${rp.clientId} was already disabled on ${rp.disabledAt?.toISOString() ?? 'an earlier date'}`, { clientId: rp.clientId });
}

/** What the audit log keeps of a registration: enough to see what was decided, nothing secret. */
function summary(rp: RelyingParty): Record<string, unknown> {
  return {
    name_en: rp.name.en,
    sector_host: rp.sectorHost,
    redirect_uris: rp.redirectUris,
    claims: rp.claims,
    acr_values: rp.acrValues,
    auth_method: rp.authMethod,
    key_ids: rp.jwks?.keys.map((k) => k.kid) ?? [],
    ...(rp.jwksUri ? { jwks_uri: rp.jwksUri } : {}),
    ciba: rp.ciba,
    require_pushed_authorization_requests: rp.requirePushedAuthorizationRequests,
  };
}
