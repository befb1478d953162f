import path from 'node:path';
import { z } from 'zod';
import type { RateLimit } from '@theqa/kernel';
import {
  AdministratorRoster,
  DEFAULT_FOUR_EYES_ACTIONS,
  parseFourEyesActions,
  parseRoleAssignments,
  parseRoleCombinations,
  RosterError,
  type AdministrativeAction,
  type AdministratorRole,
  type RoleAssignments,
} from '@theqa/administration';

/**
 * The platform's whole configuration, read from the environment once per process, by this one schema,
 * and handed down as typed values: no library reads `process.env`, and nothing turns these values back
 * into environment variables. A bad or missing value names its variable and stops the start (exit 78).
 */
export interface PlatformConfiguration {
  environment: 'development' | 'production';
  server: { port: number; host: string; publicBaseUrl: string; shutdownGraceMs: number };
  logLevel: LogLevel;
  database: DatabaseConfiguration;
  /** The root of the embedded database and of development material such as the demo RP's key. */
  dataDir: string;
  /** Committed: hierarchy, profiles, OIDs. */
  certsDir: string;
  /** Generated development material (keys, master key, API token); git-ignored. */
  devDir: string;
  keyStore: KeyStoreConfiguration;
  /** The CA; `expiryWarningDays`: the console warns of a CA or responder certificate expiring within this many days. */
  authority: { ocspValiditySeconds: number; crlValidityHours: number; issuanceWorkers: number; expiryWarningDays: number };
  /** How often the running platform signs a checkpoint of the audit chain (when it moved); the largest export the console makes. */
  audit: { checkpointSeconds: number; exportMaxEntries: number };
  /** The console's dashboard counts calendar days in this IANA time zone. */
  statistics: { timeZone: string };
  /**
   * How the gateway and the platform's APIs read the keys relying parties publish at a JWKS URI
   * (RemoteJwks over HttpJwksDocuments): the deadline and size of one fetch, and whether the URL may
   * reach loopback or private addresses (development; in production only when THEQA_RP_JWKS_PRIVATE_ADDRESSES=allow).
   */
  relyingPartyKeys: { timeoutMs: number; maxBytes: number; allowPrivateAddresses: boolean };
  /** Document signing: the largest PDF accepted and how long a person has to sign. */
  signing: { maxDocumentBytes: number; lifetimeSeconds: number };
  /** Login with the ID card over Web eID: how long a challenge nonce may wait for the card's token. */
  webEid: { nonceLifetimeSeconds: number };
  /** The issuance API's bearer token; undefined in development, where one is made once into devDir. */
  issuanceApiToken?: string;
  /** The dedicated OCSP responder's own listener, when OCSP_PORT asks for one. */
  ocspResponder?: { port: number; host: string };
  externalSystems: ExternalSystemsConfiguration;
  /** Development only: "Naql (demo)" registered and run beside the platform. */
  demoRelyingParty?: { port: number; clientId: string };
  portal: PortalConfiguration;
  admin: AdminConfiguration;
}

/** The administrators' console at /admin: its client at the gateway, its roster, four eyes and sessions. */
export interface AdminConfiguration {
  clientId: string;
  /** Its private_key_jwt key (64 hex digits); undefined in development, where one is made once into devDir. */
  clientKey?: string;
  /** Who holds which role (THEQA_ADMIN_ROLES), checked at start by AdministratorRoster.of. */
  roles: RoleAssignments;
  /** The sets of roles one person may hold together (THEQA_ADMIN_ROLE_COMBINATIONS). */
  combinations: AdministratorRole[][];
  /** The actions that need a second administrator (THEQA_ADMIN_FOUR_EYES). */
  fourEyes: AdministrativeAction[];
  /** How long a proposal waits for its second administrator. */
  proposalSeconds: number;
  idleSeconds: number;
  absoluteSeconds: number;
}

/**
 * Development only, when THEQA_ADMIN_ROLES is not set: named synthetic persons of the registry hold
 * roles, so that the console can be tried. Salim (12345678, the demo person) and Dr. Maryam
 * (10000008) are each relying-party, CA and support officer — each the other's second pair of eyes —
 * and Anil (10000006) is the auditor.
 */
export const DEVELOPMENT_ADMIN_ROLES = 'relying-party-officer:12345678,10000008;ca-officer:12345678,10000008;support-officer:12345678,10000008;auditor:10000006';
export const DEVELOPMENT_ADMIN_ROLE_COMBINATIONS = 'relying-party-officer+ca-officer+support-officer';

/** The self-service portal at /portal: a relying party of the gateway, and its sessions' timeouts. */
export interface PortalConfiguration {
  /** Its client id at the gateway (each platform on a shared database needs its own). */
  clientId: string;
  /**
   * Its private_key_jwt key: the P-256 private key as 64 hex digits; undefined in development, where one
   * is made once into devDir.
   */
  clientKey?: string;
  /** A session ends after this long without a request… */
  idleSeconds: number;
  /** …and at the latest this long after its login. */
  absoluteSeconds: number;
  /** How many documents a person may upload to sign ("sign a PDF") per window; each upload admitted makes one signing request at most. */
  signUploads: RateLimit;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

export type DatabaseConfiguration =
  | { kind: 'server'; url: string; /** The owner's connection for migrations; the application's role otherwise. */ migrationUrl?: string }
  | { kind: 'embedded'; dataDir: string };

export type KeyStoreConfiguration =
  | { kind: 'software'; directory: string; /** 64 hex digits; undefined in development (made once in devDir). */ masterKey?: string }
  | { kind: 'pkcs11'; library: string; tokenLabel: string; pin: string };

/** An HTTP service of another authority (the civil registry, a face-matching service, an SMS gateway). */
export interface HttpServiceConfiguration {
  kind: 'http';
  url: string;
  /** Sent as `Authorization: Bearer …` on every request. */
  token: string;
  timeoutMs: number;
  retries: number;
}

export interface ExternalSystemsConfiguration {
  civilRegistry: { kind: 'synthetic' } | HttpServiceConfiguration;
  faceMatcher: { kind: 'synthetic' } | HttpServiceConfiguration;
  sms: { kind: 'outbox' } | HttpServiceConfiguration;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** The exit code of a start refused for its configuration (sysexits.h EX_CONFIG). */
export const CONFIGURATION_EXIT_CODE = 78;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ invalid_type_error: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(1, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535');

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (unset it to use the embedded database)');
const httpUrl = z.string().url('must be an absolute http(s) URL').regex(/^https?:\/\//, 'must be an absolute http(s) URL');

/**
 * A secret worth its name: long, and not a run of one or a few characters ("aaaa…", "abab…"), which a
 * typo in a deployment file or a placeholder would give.
 */
const secret = (minLength: number) =>
  z
    .string()
    .min(minLength, `must be at least ${minLength} characters`)
    .max(512, 'must be at most 512 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .refine((value) => new Set(value).size >= 12, 'is not random enough (too few distinct characters): generate one, e.g. `openssl rand -base64 32`');

/** An outside system's API: http(s), and neither credentials (the token goes in a header), a query nor a fragment. */
const serviceUrl = httpUrl.refine((value) => {
  const url = new URL(value);
  return !url.username && !url.password && !url.search && !url.hash;
}, 'must be an http(s) URL without credentials, query or fragment');

/** A bearer token an outside system issued us: RFC 6750's b64token characters, nothing a header could be split with. */
const bearerToken = z
  .string()
  .min(16, 'must be at least 16 characters')
  .max(512, 'must be at most 512 characters')
  .regex(/^[A-Za-z0-9\-._~+/]+=*$/, 'must be a bearer token (letters, digits and -._~+/ then optional =)')
  .refine((value) => new Set(value).size >= 8, 'is not random enough (too few distinct characters)');

const masterKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal digits (`openssl rand -hex 32`)')
  .refine((value) => new Set(value.toLowerCase()).size >= 8, 'is not random enough: generate one with `openssl rand -hex 32`');

/** The order of the P-256 group: a private key is a number from 1 to n − 1. */
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** A P-256 private key as 64 hex digits (`openssl rand -hex 32` gives one, but for a chance of 2⁻³²). */
const p256PrivateKey = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hexadecimal digits, a P-256 private key (`openssl rand -hex 32`)')
  .refine((value) => new Set(value.toLowerCase()).size >= 8, 'is not random enough: generate one with `openssl rand -hex 32`')
  .refine((value) => {
    const d = BigInt(`0x${value}`);
    return d > 0n && d < P256_ORDER;
  }, 'is not a P-256 private key (it must be below the group order): generate another with `openssl rand -hex 32`');

/** A time zone both Node and PostgreSQL know by name (the IANA database); offsets like +04 are refused. */
function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  THEQA_ENV: z.enum(['development', 'production'], { message: 'must be development or production' }).default('development'),
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_BASE_URL: httpUrl.optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_MIGRATION_URL: postgresUrl.optional(),
  THEQA_DATA_DIR: z.string().min(1).default('.data'),
  THEQA_CERTS_DIR: z.string().min(1).default('certs'),
  THEQA_DEV_DIR: z.string().min(1).optional(),
  THEQA_KEYSTORE: z.enum(['software', 'pkcs11'], { message: 'must be software or pkcs11' }).default('software'),
  THEQA_KEYSTORE_DIR: z.string().min(1).optional(),
  THEQA_KEYSTORE_KEY: masterKey.optional(),
  THEQA_PKCS11_LIBRARY: z.string().min(1).optional(),
  THEQA_PKCS11_TOKEN: z.string().min(1).max(32, 'must be at most 32 characters (a PKCS#11 token label)').optional(),
  THEQA_PKCS11_PIN: z.string().min(4, 'must be at least 4 characters').optional(),
  THEQA_CA_API_TOKEN: secret(32).optional(),
  THEQA_OCSP_VALIDITY_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(4 * 3600),
  THEQA_CRL_VALIDITY_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(24),
  THEQA_ISSUANCE_WORKERS: z.coerce.number({ invalid_type_error: 'must be a whole number from 0 to 64' }).int().min(0).max(64).default(0),
  THEQA_AUDIT_CHECKPOINT_SECONDS: z.coerce.number({ invalid_type_error: 'must be a whole number of seconds from 1 to 86400' }).int().min(1).max(86_400).default(300),
  THEQA_EXPIRY_WARNING_DAYS: z.coerce.number({ invalid_type_error: 'must be a whole number of days from 1 to 3650' }).int().min(1).max(3650).default(90),
  THEQA_AUDIT_EXPORT_MAX_ENTRIES: z.coerce.number({ invalid_type_error: 'must be a whole number from 1 to 10000000' }).int().min(1).max(10_000_000).default(200_000),
  THEQA_STATISTICS_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Muscat').default('Asia/Muscat'),
  THEQA_RP_JWKS_TIMEOUT_MS: z.coerce.number({ invalid_type_error: 'must be a whole number of milliseconds from 100 to 10000' }).int().min(100).max(10_000).default(3_000),
  THEQA_RP_JWKS_MAX_KB: z.coerce.number({ invalid_type_error: 'must be a whole number of kilobytes from 1 to 1024' }).int().min(1).max(1024).default(64),
  THEQA_RP_JWKS_PRIVATE_ADDRESSES: z.enum(['allow', 'refuse'], { message: 'must be allow or refuse' }).optional(),
  THEQA_SIGNING_MAX_MB: z.coerce.number({ invalid_type_error: 'must be a whole number of megabytes from 1 to 100' }).int().min(1).max(100).default(25),
  THEQA_SIGNING_REQUEST_HOURS: z.coerce.number({ invalid_type_error: 'must be a whole number of hours from 1 to 720' }).int().min(1).max(720).default(24),
  THEQA_WEB_EID_NONCE_SECONDS: z.coerce.number({ invalid_type_error: 'must be a whole number of seconds from 30 to 3600' }).int().min(30).max(3600).default(300),
  OCSP_PORT: port.optional(),
  OCSP_HOST: z.string().min(1).optional(),
  THEQA_CIVIL_REGISTRY: z.enum(['synthetic', 'http'], { message: 'must be synthetic or http' }).default('synthetic'),
  THEQA_CIVIL_REGISTRY_URL: serviceUrl.optional(),
  THEQA_CIVIL_REGISTRY_TOKEN: bearerToken.optional(),
  THEQA_FACE_MATCHER: z.enum(['synthetic', 'http'], { message: 'must be synthetic or http' }).default('synthetic'),
  THEQA_FACE_MATCHER_URL: serviceUrl.optional(),
  THEQA_FACE_MATCHER_TOKEN: bearerToken.optional(),
  THEQA_SMS: z.enum(['outbox', 'http'], { message: 'must be outbox or http' }).default('outbox'),
  THEQA_SMS_URL: serviceUrl.optional(),
  THEQA_SMS_TOKEN: bearerToken.optional(),
  THEQA_INTEGRATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  THEQA_INTEGRATION_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  THEQA_DEMO_RP: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  DEMO_RP_PORT: port.default(8090),
  // Each platform on a shared database (tests, a second developer) registers its own demo client.
  DEMO_RP_CLIENT_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'must be 3 to 63 lowercase letters, digits or dashes').default('naql-demo'),
  THEQA_PORTAL_CLIENT_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'must be 3 to 63 lowercase letters, digits or dashes').default('theqa-portal'),
  THEQA_PORTAL_CLIENT_KEY: p256PrivateKey.optional(),
  THEQA_PORTAL_IDLE_SECONDS: z.coerce.number({ invalid_type_error: 'must be a whole number of seconds from 5 to 86400' }).int().min(5).max(86_400).default(15 * 60),
  THEQA_PORTAL_SESSION_HOURS: z.coerce.number({ invalid_type_error: 'must be a whole number of hours from 1 to 24' }).int().min(1).max(24).default(8),
  THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR: z.coerce.number({ invalid_type_error: 'must be a whole number from 1 to 1000' }).int().min(1).max(1000).default(20),
  THEQA_ADMIN_CLIENT_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'must be 3 to 63 lowercase letters, digits or dashes').default('theqa-admin'),
  THEQA_ADMIN_CLIENT_KEY: p256PrivateKey.optional(),
  THEQA_ADMIN_ROLES: z.string().max(20_000).optional(),
  THEQA_ADMIN_ROLE_COMBINATIONS: z.string().max(2_000).optional(),
  THEQA_ADMIN_FOUR_EYES: z.string().max(2_000).optional(),
  THEQA_ADMIN_IDLE_SECONDS: z.coerce.number({ invalid_type_error: 'must be a whole number of seconds from 5 to 86400' }).int().min(5).max(86_400).default(15 * 60),
  THEQA_ADMIN_SESSION_HOURS: z.coerce.number({ invalid_type_error: 'must be a whole number of hours from 1 to 24' }).int().min(1).max(24).default(8),
  THEQA_ADMIN_PROPOSAL_HOURS: z.coerce.number({ invalid_type_error: 'must be a whole number of hours from 1 to 720' }).int().min(1).max(720).default(24),
});

type Variables = z.infer<typeof schema>;

/** Reads and validates the environment: the one place configuration enters the platform. */
export function loadConfiguration(env: NodeJS.ProcessEnv, cwd = process.cwd()): PlatformConfiguration {
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && value !== '' && name in schema.shape));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name} ${issue.message} (got ${describeValue(name, env[name])})`;
      }),
    );
  }
  const v = parsed.data;
  const admin = adminRoster(v);
  const problems = [...consistencyProblems(v), ...admin.problems, ...(v.THEQA_ENV === 'production' ? productionProblems(v) : [])];
  if (problems.length) throw new ConfigurationError(problems);

  const certsDir = path.resolve(cwd, v.THEQA_CERTS_DIR);
  const devDir = path.resolve(cwd, v.THEQA_DEV_DIR ?? path.join(certsDir, 'dev'));
  const dataDir = path.resolve(cwd, v.THEQA_DATA_DIR);
  const production = v.THEQA_ENV === 'production';
  return {
    environment: v.THEQA_ENV,
    server: { port: v.PORT, host: v.HOST, publicBaseUrl: (v.PUBLIC_BASE_URL ?? `http://${displayHost(v.HOST)}:${v.PORT}`).replace(/\/$/, ''), shutdownGraceMs: v.SHUTDOWN_GRACE_MS },
    logLevel: v.LOG_LEVEL,
    database: v.DATABASE_URL ? { kind: 'server', url: v.DATABASE_URL, migrationUrl: v.DATABASE_MIGRATION_URL } : { kind: 'embedded', dataDir: path.join(dataDir, 'postgres') },
    dataDir,
    certsDir,
    devDir,
    keyStore:
      v.THEQA_KEYSTORE === 'pkcs11'
        ? { kind: 'pkcs11', library: checked(v.THEQA_PKCS11_LIBRARY), tokenLabel: checked(v.THEQA_PKCS11_TOKEN), pin: checked(v.THEQA_PKCS11_PIN) }
        : { kind: 'software', directory: path.resolve(cwd, v.THEQA_KEYSTORE_DIR ?? path.join(devDir, 'keys')), masterKey: v.THEQA_KEYSTORE_KEY?.toLowerCase() },
    authority: { ocspValiditySeconds: v.THEQA_OCSP_VALIDITY_SECONDS, crlValidityHours: v.THEQA_CRL_VALIDITY_HOURS, issuanceWorkers: v.THEQA_ISSUANCE_WORKERS, expiryWarningDays: v.THEQA_EXPIRY_WARNING_DAYS },
    audit: { checkpointSeconds: v.THEQA_AUDIT_CHECKPOINT_SECONDS, exportMaxEntries: v.THEQA_AUDIT_EXPORT_MAX_ENTRIES },
    statistics: { timeZone: v.THEQA_STATISTICS_TIME_ZONE },
    relyingPartyKeys: {
      timeoutMs: v.THEQA_RP_JWKS_TIMEOUT_MS,
      maxBytes: v.THEQA_RP_JWKS_MAX_KB * 1024,
      // A relying party's URL reaching the platform's own network is SSRF: refused in production unless asked for.
      allowPrivateAddresses: (v.THEQA_RP_JWKS_PRIVATE_ADDRESSES ?? (production ? 'refuse' : 'allow')) === 'allow',
    },
    signing: { maxDocumentBytes: v.THEQA_SIGNING_MAX_MB * 1024 * 1024, lifetimeSeconds: v.THEQA_SIGNING_REQUEST_HOURS * 3600 },
    webEid: { nonceLifetimeSeconds: v.THEQA_WEB_EID_NONCE_SECONDS },
    issuanceApiToken: v.THEQA_CA_API_TOKEN,
    ocspResponder: v.OCSP_PORT === undefined ? undefined : { port: v.OCSP_PORT, host: v.OCSP_HOST ?? v.HOST },
    externalSystems: {
      civilRegistry: v.THEQA_CIVIL_REGISTRY === 'http' ? httpService(v, v.THEQA_CIVIL_REGISTRY_URL, v.THEQA_CIVIL_REGISTRY_TOKEN) : { kind: 'synthetic' },
      faceMatcher: v.THEQA_FACE_MATCHER === 'http' ? httpService(v, v.THEQA_FACE_MATCHER_URL, v.THEQA_FACE_MATCHER_TOKEN) : { kind: 'synthetic' },
      sms: v.THEQA_SMS === 'http' ? httpService(v, v.THEQA_SMS_URL, v.THEQA_SMS_TOKEN) : { kind: 'outbox' },
    },
    demoRelyingParty: !production && v.THEQA_DEMO_RP === 'on' ? { port: v.DEMO_RP_PORT, clientId: v.DEMO_RP_CLIENT_ID } : undefined,
    portal: {
      clientId: v.THEQA_PORTAL_CLIENT_ID,
      clientKey: v.THEQA_PORTAL_CLIENT_KEY?.toLowerCase(),
      idleSeconds: v.THEQA_PORTAL_IDLE_SECONDS,
      absoluteSeconds: v.THEQA_PORTAL_SESSION_HOURS * 3600,
      signUploads: { limit: v.THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR, windowSeconds: 3600 },
    },
    admin: {
      clientId: v.THEQA_ADMIN_CLIENT_ID,
      clientKey: v.THEQA_ADMIN_CLIENT_KEY?.toLowerCase(),
      roles: admin.roles,
      combinations: admin.combinations,
      fourEyes: admin.fourEyes,
      proposalSeconds: v.THEQA_ADMIN_PROPOSAL_HOURS * 3600,
      idleSeconds: v.THEQA_ADMIN_IDLE_SECONDS,
      absoluteSeconds: v.THEQA_ADMIN_SESSION_HOURS * 3600,
    },
  };
}

/**
 * The console's roster and four-eyes actions, checked as the console will use them: a bad civil
 * number, an unknown role or action, a person in two roles without that combination allowed — each a
 * problem that stops the start. Development without THEQA_ADMIN_ROLES gets DEVELOPMENT_ADMIN_ROLES.
 */
function adminRoster(v: Variables): { roles: RoleAssignments; combinations: AdministratorRole[][]; fourEyes: AdministrativeAction[]; problems: string[] } {
  const development = v.THEQA_ENV === 'development' && v.THEQA_ADMIN_ROLES === undefined;
  const parsed = parseRoleAssignments(development ? DEVELOPMENT_ADMIN_ROLES : (v.THEQA_ADMIN_ROLES ?? ''));
  const combinations = parseRoleCombinations(development ? DEVELOPMENT_ADMIN_ROLE_COMBINATIONS : (v.THEQA_ADMIN_ROLE_COMBINATIONS ?? ''));
  const problems = parsed.problems.map((p) => `THEQA_ADMIN_ROLES: ${p}`);
  let fourEyes: AdministrativeAction[] = [...DEFAULT_FOUR_EYES_ACTIONS];
  const rosterProblems = (error: unknown, variable: string) => {
    if (!(error instanceof RosterError)) throw error;
    problems.push(...error.problems.map((p) => (p.startsWith('THEQA_') ? p : `${variable}: ${p}`)));
  };
  try {
    if (v.THEQA_ADMIN_FOUR_EYES !== undefined) fourEyes = parseFourEyesActions(v.THEQA_ADMIN_FOUR_EYES);
  } catch (error) {
    rosterProblems(error, 'THEQA_ADMIN_FOUR_EYES');
  }
  if (!parsed.problems.length) {
    try {
      AdministratorRoster.of({ assignments: parsed.assignments, combinations });
    } catch (error) {
      rosterProblems(error, 'THEQA_ADMIN_ROLES');
    }
  }
  return { roles: parsed.assignments as RoleAssignments, combinations, fourEyes, problems };
}

function httpService(v: Variables, url: string | undefined, token: string | undefined): HttpServiceConfiguration {
  return { kind: 'http', url: checked(url).replace(/\/$/, ''), token: checked(token), timeoutMs: v.THEQA_INTEGRATION_TIMEOUT_MS, retries: v.THEQA_INTEGRATION_RETRIES };
}

/** A value consistencyProblems already required (it stopped the start when it was missing). */
function checked(value: string | undefined): string {
  if (value === undefined) throw new Error('a required value passed the configuration check without a value');
  return value;
}

/** Values that are each valid but do not go together. */
function consistencyProblems(v: Variables): string[] {
  const problems: string[] = [];
  if (v.OCSP_PORT !== undefined && v.OCSP_PORT === v.PORT && (v.OCSP_HOST ?? v.HOST) === v.HOST) problems.push(`OCSP_PORT must differ from PORT (got "${v.OCSP_PORT}")`);
  if (v.THEQA_KEYSTORE === 'pkcs11') {
    const missing = (['THEQA_PKCS11_LIBRARY', 'THEQA_PKCS11_TOKEN', 'THEQA_PKCS11_PIN'] as const).filter((name) => !v[name]);
    if (missing.length) problems.push(`THEQA_KEYSTORE=pkcs11 needs ${missing.join(', ')}`);
  }
  if (v.DATABASE_MIGRATION_URL && !v.DATABASE_URL) problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the application role) as well');
  if (v.THEQA_PORTAL_IDLE_SECONDS > v.THEQA_PORTAL_SESSION_HOURS * 3600) {
    problems.push(`THEQA_PORTAL_IDLE_SECONDS must not exceed THEQA_PORTAL_SESSION_HOURS (got ${v.THEQA_PORTAL_IDLE_SECONDS} seconds and ${v.THEQA_PORTAL_SESSION_HOURS} hours)`);
  }
  if (v.DEMO_RP_CLIENT_ID === v.THEQA_PORTAL_CLIENT_ID) problems.push(`THEQA_PORTAL_CLIENT_ID must differ from DEMO_RP_CLIENT_ID (got "${v.THEQA_PORTAL_CLIENT_ID}")`);
  if (v.THEQA_ADMIN_CLIENT_ID === v.THEQA_PORTAL_CLIENT_ID || v.THEQA_ADMIN_CLIENT_ID === v.DEMO_RP_CLIENT_ID) {
    problems.push(`THEQA_ADMIN_CLIENT_ID must differ from THEQA_PORTAL_CLIENT_ID and DEMO_RP_CLIENT_ID (got "${v.THEQA_ADMIN_CLIENT_ID}")`);
  }
  if (v.THEQA_ADMIN_IDLE_SECONDS > v.THEQA_ADMIN_SESSION_HOURS * 3600) {
    problems.push(`THEQA_ADMIN_IDLE_SECONDS must not exceed THEQA_ADMIN_SESSION_HOURS (got ${v.THEQA_ADMIN_IDLE_SECONDS} seconds and ${v.THEQA_ADMIN_SESSION_HOURS} hours)`);
  }
  const services = [
    ['THEQA_CIVIL_REGISTRY', v.THEQA_CIVIL_REGISTRY, { THEQA_CIVIL_REGISTRY_URL: v.THEQA_CIVIL_REGISTRY_URL, THEQA_CIVIL_REGISTRY_TOKEN: v.THEQA_CIVIL_REGISTRY_TOKEN }],
    ['THEQA_FACE_MATCHER', v.THEQA_FACE_MATCHER, { THEQA_FACE_MATCHER_URL: v.THEQA_FACE_MATCHER_URL, THEQA_FACE_MATCHER_TOKEN: v.THEQA_FACE_MATCHER_TOKEN }],
    ['THEQA_SMS', v.THEQA_SMS, { THEQA_SMS_URL: v.THEQA_SMS_URL, THEQA_SMS_TOKEN: v.THEQA_SMS_TOKEN }],
  ] as const;
  for (const [choice, kind, needed] of services) {
    const missing = Object.entries(needed).filter(([, value]) => !value).map(([name]) => name);
    if (kind === 'http' && missing.length) problems.push(`${choice}=http needs ${missing.join(' and ')}`);
  }
  return problems;
}

/**
 * Production runs on real systems only: a real PostgreSQL, configured secrets, and the real adapters of
 * the outside systems. A development stand-in selected (even by default) stops the start, naming it.
 */
function productionProblems(v: Variables): string[] {
  const problems: string[] = [];
  if (!v.DATABASE_URL) problems.push('DATABASE_URL is required in production (a PostgreSQL server; the embedded database is for development)');
  if (v.THEQA_KEYSTORE === 'software' && !v.THEQA_KEYSTORE_KEY) problems.push('THEQA_KEYSTORE_KEY is required in production (or THEQA_KEYSTORE=pkcs11)');
  if (!v.THEQA_CA_API_TOKEN) problems.push('THEQA_CA_API_TOKEN is required in production (at least 32 random characters, e.g. `openssl rand -base64 32`)');
  if (!v.THEQA_PORTAL_CLIENT_KEY) problems.push("THEQA_PORTAL_CLIENT_KEY is required in production (the portal's client key at the gateway: 64 hex digits, `openssl rand -hex 32`)");
  if (!v.THEQA_ADMIN_CLIENT_KEY) problems.push("THEQA_ADMIN_CLIENT_KEY is required in production (the admin console's client key at the gateway: 64 hex digits, `openssl rand -hex 32`)");
  if (v.THEQA_CIVIL_REGISTRY === 'synthetic') problems.push('THEQA_CIVIL_REGISTRY is "synthetic", a development stand-in: production needs THEQA_CIVIL_REGISTRY=http and THEQA_CIVIL_REGISTRY_URL');
  if (v.THEQA_FACE_MATCHER === 'synthetic') problems.push('THEQA_FACE_MATCHER is "synthetic", a development stand-in: production needs THEQA_FACE_MATCHER=http and THEQA_FACE_MATCHER_URL');
  if (v.THEQA_SMS === 'outbox') problems.push('THEQA_SMS is "outbox", a development stand-in: production needs THEQA_SMS=http and THEQA_SMS_URL');
  return problems;
}

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  // Secrets are never echoed, not even into an error message; nor are passwords inside URLs.
  if (/(_TOKEN|_KEY|_PIN|PASSWORD)$/.test(name)) return `a value of ${value.length} characters`;
  if (/URL$/.test(name)) return JSON.stringify(value.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@'));
  return JSON.stringify(value);
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
