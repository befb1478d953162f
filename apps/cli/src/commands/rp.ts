import fs from 'node:fs';
import type { Command } from 'commander';
import {
  RelyingPartyError,
  validateRegistration,
  type FieldProblem,
  type RelyingParty,
  type RelyingPartyChanges,
  type RelyingPartyInput,
  type RelyingPartyRegistry,
} from '@theqa/relying-parties';
import { assuranceOfAcr } from '@theqa/kernel';
import { CliError, type Output } from '../output';
import { cliActor as actor, cliConfiguration, withPlatform } from '../platform-session';

/** Plain http on loopback redirect URIs is for development machines only. */
const allowLoopbackHttp = () => cliConfiguration().environment !== 'production';

/** The command-line flag of each registration field, so a refusal names what the administrator typed. */
const FLAGS: Record<string, string> = {
  clientId: '--client-id',
  name: '--name',
  redirectUris: '--redirect-uri',
  postLogoutRedirectUris: '--post-logout-redirect-uri',
  claims: '--claims',
  purpose: '--purpose',
  acrValues: '--acr',
  authMethod: '--auth',
  jwks: '--jwks',
  jwksUri: '--jwks-uri',
  ciba: '--ciba',
  requirePushedAuthorizationRequests: '--require-par',
};

/** `redirectUris[1]` → `--redirect-uri #2`, `name.ar` → `--name-ar`, `jwks.keys[0]` → `--jwks key #1`. */
function flagOf(field: string): string {
  const match = /^(\w+)(?:\.(ar|en))?(?:\[(\d+)\])?(?:\.keys(?:\[(\d+)\])?)?$/.exec(field);
  if (!match || !FLAGS[match[1]]) return field;
  const [, base, language, index, key] = match;
  let flag = FLAGS[base] + (language ? `-${language}` : base === 'name' || base === 'purpose' ? '-ar/-en' : '');
  if (index !== undefined) flag += ` #${Number(index) + 1}`;
  if (key !== undefined) flag += ` key #${Number(key) + 1}`;
  return flag;
}

function cliErrorOf(error: RelyingPartyError): CliError {
  if (error.code === 'rp-invalid') {
    const problems: FieldProblem[] = error.details.problems ?? [];
    return new CliError(`the relying party is not valid:\n${problems.map((p) => `  ${flagOf(p.field)}: ${p.problem}`).join('\n')}`, error.code, 2);
  }
  return new CliError(error.message, error.code);
}

const json = (rp: RelyingParty) => ({
  client_id: rp.clientId,
  status: rp.status,
  name: rp.name,
  redirect_uris: rp.redirectUris,
  post_logout_redirect_uris: rp.postLogoutRedirectUris,
  sector_host: rp.sectorHost,
  claims: rp.claims,
  purpose: rp.purpose,
  acr_values: rp.acrValues,
  auth_method: rp.authMethod,
  jwks: rp.jwks ?? null,
  jwks_uri: rp.jwksUri ?? null,
  secret_generation: rp.secretGeneration ?? null,
  ciba: rp.ciba,
  require_pushed_authorization_requests: rp.requirePushedAuthorizationRequests,
  created_at: rp.createdAt.toISOString(),
  updated_at: rp.updatedAt.toISOString(),
  disabled_at: rp.disabledAt?.toISOString() ?? null,
});

const level = (acr: string) => assuranceOfAcr(acr) ?? acr;

function describe(rp: RelyingParty): string {
  const rows: Array<[string, string | string[]]> = [
    ['client id', rp.clientId],
    ['status', rp.status === 'active' ? 'active' : `disabled on ${rp.disabledAt?.toISOString()}`],
    ['name', `${rp.name.en} — ${rp.name.ar}`],
    ['redirect URIs', rp.redirectUris],
    ['post-logout URIs', rp.postLogoutRedirectUris.length ? rp.postLogoutRedirectUris : 'none'],
    ['sector host', rp.sectorHost],
    ['claims', rp.claims.join(', ')],
    ['purpose', [rp.purpose.en, rp.purpose.ar]],
    ['assurance', rp.acrValues.map(level).join(', ')],
    ['authentication', authentication(rp)],
    ['CIBA (poll)', rp.ciba ? 'allowed' : 'no'],
    ['PAR', rp.requirePushedAuthorizationRequests ? 'required' : 'optional'],
    ['registered', rp.createdAt.toISOString()],
    ['updated', rp.updatedAt.toISOString()],
  ];
  return rows.map(([label, value]) => (Array.isArray(value) ? value : [value]).map((v, i) => `${(i ? '' : label).padEnd(18)}${v}`).join('\n')).join('\n');
}

function authentication(rp: RelyingParty): string {
  if (rp.authMethod !== 'private_key_jwt') return `client_secret_basic (secret generation ${rp.secretGeneration})`;
  if (rp.jwksUri) return `private_key_jwt (keys published at ${rp.jwksUri})`;
  return `private_key_jwt (keys: ${rp.jwks?.keys.map((k) => `${k.kid} ${k.kty}${k.crv ? ` ${k.crv}` : ''}`).join(', ')})`;
}

const line = (rp: RelyingParty) => `${rp.clientId.padEnd(24)}${rp.status.padEnd(10)}${rp.name.en} — ${rp.name.ar}  (${rp.sectorHost}; ${rp.acrValues.map(level).join(', ')})`;

const secretNotice = (secret: string) => `client secret (shown once; it is not stored — keep it now): ${secret}`;

/** The platform's relying-party registry, for one command. */
function withRegistry<T>(work: (registry: RelyingPartyRegistry) => Promise<T>): Promise<T> {
  return withPlatform(async (services) => {
    try {
      return await work(await services.relyingParties());
    } catch (error) {
      if (error instanceof RelyingPartyError) throw cliErrorOf(error);
      throw error;
    }
  });
}

const collect = (value: string, previous: string[]) => [...previous, value];
const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

function readJwks(file: string): RelyingPartyInput['jwks'] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`--jwks: cannot read ${file}`, 'usage', 2);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`--jwks: ${file} is not JSON (a JWK set {"keys": [...]} or one JWK)`, 'usage', 2);
  }
  // One key on its own is accepted too: it is what most tools print.
  return (parsed && typeof parsed === 'object' && 'kty' in parsed ? { keys: [parsed] } : parsed) as RelyingPartyInput['jwks'];
}

interface RegisterOptions {
  clientId?: string;
  nameAr: string;
  nameEn: string;
  redirectUri: string[];
  postLogoutRedirectUri: string[];
  claims: string;
  purposeAr: string;
  purposeEn: string;
  acr: string;
  auth: string;
  jwks?: string;
  jwksUri?: string;
  ciba?: boolean;
  requirePar?: boolean;
}

interface UpdateOptions {
  clientId: string;
  nameAr?: string;
  nameEn?: string;
  redirectUri: string[];
  postLogoutRedirectUri: string[];
  postLogoutRedirectUris: boolean;
  claims?: string;
  purposeAr?: string;
  purposeEn?: string;
  acr?: string;
  auth?: string;
  jwks?: string;
  jwksUri?: string;
  ciba?: string;
  requirePar?: string;
}

function yesNo(flag: string, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  throw new CliError(`${flag}: yes or no, not ${JSON.stringify(value)}`, 'usage', 2);
}

/** The fields an update's options replace (names and purposes are completed per language by the caller). */
function changesOf(options: UpdateOptions): RelyingPartyChanges {
  return {
    ...(options.redirectUri.length ? { redirectUris: options.redirectUri } : {}),
    ...(options.postLogoutRedirectUri.length ? { postLogoutRedirectUris: options.postLogoutRedirectUri } : options.postLogoutRedirectUris === false ? { postLogoutRedirectUris: [] } : {}),
    ...(options.claims !== undefined ? { claims: list(options.claims) } : {}),
    ...(options.acr !== undefined ? { acrValues: list(options.acr) } : {}),
    ...(options.auth !== undefined ? { authMethod: options.auth } : {}),
    ...(options.jwks !== undefined ? { jwks: readJwks(options.jwks) } : {}),
    ...(options.jwksUri !== undefined ? { jwksUri: options.jwksUri } : {}),
    ...(options.ciba !== undefined ? { ciba: yesNo('--ciba', options.ciba) } : {}),
    ...(options.requirePar !== undefined ? { requirePushedAuthorizationRequests: yesNo('--require-par', options.requirePar) } : {}),
  };
}

/** Relying parties: registration, editing, listing, disabling, secret rotation, logins per day (the administrators' console uses the same registry). */
export function registerRpCommands(program: Command, output: () => Output): void {
  const rp = program.command('rp').description('relying parties: the portals and services that log citizens in through the gateway');

  rp.command('register')
    .description('register a relying party (its client secret, for client_secret_basic, is printed once)')
    .option('--client-id <id>', 'the client id (default: rp- and 12 random characters)')
    .requiredOption('--name-ar <text>', 'name in Arabic, shown on the consent screen')
    .requiredOption('--name-en <text>', 'name in English')
    .option('--redirect-uri <uri>', 'a redirect URI, matched exactly (repeat for several; one host)', collect, [])
    .option('--post-logout-redirect-uri <uri>', 'a post-logout redirect URI (repeatable)', collect, [])
    .requiredOption('--claims <list>', 'the claims it is entitled to, comma-separated (attribute catalogue names)')
    .requiredOption('--purpose-ar <text>', 'why it needs them, in Arabic (shown on the consent screen)')
    .requiredOption('--purpose-en <text>', 'why it needs them, in English')
    .option('--acr <list>', 'assurance levels it may ask for: medium, high', 'medium,high')
    .requiredOption('--auth <method>', 'client authentication: private_key_jwt (with --jwks or --jwks-uri) or client_secret_basic')
    .option('--jwks <file>', 'its public keys: a JWK set file (private_key_jwt)')
    .option('--jwks-uri <url>', 'where it publishes its public keys, https (private_key_jwt; instead of --jwks, so that it rotates them itself)')
    .option('--ciba', 'allow decoupled login (CIBA, poll mode)')
    .option('--require-par', 'accept its authorization requests only through PAR (pushed authorization requests, as FAPI 2.0)')
    .action(async (options: RegisterOptions) => {
      const input: RelyingPartyInput = {
        clientId: options.clientId,
        name: { ar: options.nameAr, en: options.nameEn },
        redirectUris: options.redirectUri,
        postLogoutRedirectUris: options.postLogoutRedirectUri,
        claims: list(options.claims),
        purpose: { ar: options.purposeAr, en: options.purposeEn },
        acrValues: list(options.acr),
        authMethod: options.auth,
        jwks: options.jwks === undefined ? undefined : readJwks(options.jwks),
        jwksUri: options.jwksUri,
        ciba: Boolean(options.ciba),
        requirePushedAuthorizationRequests: Boolean(options.requirePar),
      };
      // Refuse bad input before opening the database or the key store.
      try {
        validateRegistration(input, { allowLoopbackHttp: allowLoopbackHttp() });
      } catch (error) {
        throw error instanceof RelyingPartyError ? cliErrorOf(error) : error;
      }
      await withRegistry(async (registry) => {
        const { relyingParty, clientSecret } = await registry.register(input, actor());
        output().result({ ...json(relyingParty), ...(clientSecret ? { client_secret: clientSecret } : {}) }, () =>
          [`registered ${relyingParty.clientId}: ${relyingParty.name.en} — ${relyingParty.name.ar}`, describe(relyingParty), ...(clientSecret ? ['', secretNotice(clientSecret)] : [])].join('\n'),
        );
      });
    });

  rp.command('update')
    .description('edit a relying party: the options given replace its fields, the rest stay (validated as a registration is)')
    .requiredOption('--client-id <id>', 'the client id (it does not change)')
    .option('--name-ar <text>', 'name in Arabic')
    .option('--name-en <text>', 'name in English')
    .option('--redirect-uri <uri>', 'the redirect URIs, replacing the current ones (repeat for several; one host)', collect, [])
    .option('--post-logout-redirect-uri <uri>', 'the post-logout redirect URIs, replacing the current ones (repeatable)', collect, [])
    .option('--no-post-logout-redirect-uris', 'remove every post-logout redirect URI')
    .option('--claims <list>', 'the claims it is entitled to, comma-separated (replacing the current ones)')
    .option('--purpose-ar <text>', 'why it needs them, in Arabic')
    .option('--purpose-en <text>', 'why it needs them, in English')
    .option('--acr <list>', 'assurance levels it may ask for: medium, high')
    .option('--auth <method>', 'client authentication: private_key_jwt (with --jwks or --jwks-uri) or client_secret_basic (its keys are removed)')
    .option('--jwks <file>', 'its public keys: a JWK set file, replacing the current keys or JWKS URI (private_key_jwt)')
    .option('--jwks-uri <url>', 'where it publishes its public keys, https, replacing the current keys or JWKS URI (private_key_jwt)')
    .option('--ciba <yes|no>', 'allow decoupled login (CIBA, poll mode)')
    .option('--require-par <yes|no>', 'accept its authorization requests only through PAR')
    .action(async (options: UpdateOptions) => {
      const changes = changesOf(options);
      await withRegistry(async (registry) => {
        const current = await registry.show(options.clientId);
        const changed: RelyingPartyChanges = {
          ...changes,
          // A name or purpose is edited one language at a time; the other stays.
          ...(options.nameAr !== undefined || options.nameEn !== undefined ? { name: { ar: options.nameAr ?? current.name.ar, en: options.nameEn ?? current.name.en } } : {}),
          ...(options.purposeAr !== undefined || options.purposeEn !== undefined ? { purpose: { ar: options.purposeAr ?? current.purpose.ar, en: options.purposeEn ?? current.purpose.en } } : {}),
        };
        const { relyingParty, clientSecret, changed: fields } = await registry.update(options.clientId, changed, actor());
        output().result({ ...json(relyingParty), changed: fields, ...(clientSecret ? { client_secret: clientSecret } : {}) }, () =>
          [
            fields.length ? `updated ${relyingParty.clientId} (${fields.join(', ')})` : `${relyingParty.clientId}: nothing to change`,
            describe(relyingParty),
            ...(clientSecret ? ['', secretNotice(clientSecret)] : []),
          ].join('\n'),
        );
      });
    });

  rp.command('logins')
    .description('approved logins through a relying party per day (Asia/Muscat calendar days, both included)')
    .requiredOption('--client-id <id>', 'the client id')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
    .action((options: { clientId: string; from: string; to: string }) =>
      withRegistry(async (registry) => {
        const days = await registry.loginsPerDay(options.clientId, { from: options.from, to: options.to });
        output().result({ client_id: options.clientId, days }, () => days.map((d) => `${d.day}  ${d.logins}`).join('\n'));
      }),
    );

  rp.command('list')
    .description('every relying party, oldest first')
    .action(() =>
      withRegistry(async (registry) => {
        const all = await registry.list();
        output().result({ relying_parties: all.map(json) }, () => (all.length ? all.map(line).join('\n') : 'no relying parties'));
      }),
    );

  rp.command('show')
    .description('one relying party in full (never its client secret)')
    .requiredOption('--client-id <id>', 'the client id')
    .action((options: { clientId: string }) =>
      withRegistry(async (registry) => {
        const found = await registry.show(options.clientId);
        output().result(json(found), () => describe(found));
      }),
    );

  rp.command('disable')
    .description('disable a relying party: logins through it stop at once (final)')
    .requiredOption('--client-id <id>', 'the client id')
    .action((options: { clientId: string }) =>
      withRegistry(async (registry) => {
        const disabled = await registry.disable(options.clientId, actor());
        output().result(json(disabled), () => `disabled ${disabled.clientId}: ${disabled.name.en} — ${disabled.name.ar}`);
      }),
    );

  rp.command('rotate-secret')
    .description('give a client_secret_basic relying party a new secret (printed once); the old one stops working')
    .requiredOption('--client-id <id>', 'the client id')
    .action((options: { clientId: string }) =>
      withRegistry(async (registry) => {
        const { relyingParty, clientSecret } = await registry.rotateSecret(options.clientId, actor());
        output().result({ ...json(relyingParty), client_secret: clientSecret }, () => `${relyingParty.clientId}: secret generation ${relyingParty.secretGeneration}\n${secretNotice(clientSecret)}`);
      }),
    );
}
