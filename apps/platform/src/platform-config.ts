import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ invalid_type_error: 'must be a whole number between 1 and 65535' })
  .int('must be a whole number between 1 and 65535')
  .min(1, 'must be a whole number between 1 and 65535')
  .max(65535, 'must be a whole number between 1 and 65535');

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  // The dedicated OCSP responder (its own listener); off unless set. OCSP_HOST defaults to HOST.
  OCSP_PORT: port.optional(),
  OCSP_HOST: z.string().min(1).optional(),
  PUBLIC_BASE_URL: z.string().url('must be an absolute URL such as https://theqa.example.om').optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (unset it to use the embedded database)')
    .optional(),
  THEQA_DATA_DIR: z.string().min(1).default('.data'),
  THEQA_ENV: z.enum(['development', 'production'], { message: 'must be development or production' }).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // Development: the sample relying party "Naql (demo)" is registered and started with the platform.
  THEQA_DEMO_RP: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  DEMO_RP_PORT: port.default(8090),
  // Its client id (tests and a second developer platform on one database use their own).
  DEMO_RP_CLIENT_ID: z.string().regex(/^[a-z0-9][a-z0-9-]{2,62}$/, 'must be 3 to 63 lowercase letters, digits or dashes').default('naql-demo'),
});

export type PlatformConfig = z.infer<typeof schema> & { publicBaseUrl: string };

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment once, at start; a bad value names the variable and stops the start. */
export function loadPlatformConfig(env: NodeJS.ProcessEnv): PlatformConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name} ${issue.message} (got ${JSON.stringify(env[name])})`;
      }),
    );
  }
  const config = parsed.data;
  if (config.OCSP_PORT !== undefined && config.OCSP_PORT === config.PORT && (config.OCSP_HOST ?? config.HOST) === config.HOST) {
    throw new ConfigurationError([`OCSP_PORT must differ from PORT (got ${JSON.stringify(env.OCSP_PORT)})`]);
  }
  const publicBaseUrl = (config.PUBLIC_BASE_URL ?? `http://${displayHost(config.HOST)}:${config.PORT}`).replace(/\/$/, '');
  return { ...config, publicBaseUrl };
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

/** The environment the persistence library reads, derived from the validated configuration. */
export function databaseEnv(config: PlatformConfig): NodeJS.ProcessEnv {
  return { DATABASE_URL: config.DATABASE_URL, THEQA_DATA_DIR: config.THEQA_DATA_DIR };
}
