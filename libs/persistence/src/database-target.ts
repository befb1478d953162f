import path from 'node:path';

/** Where the platform's PostgreSQL is: a server named by DATABASE_URL, or the embedded one in a data folder. */
export type DatabaseTarget =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir: string };

export class DatabaseTargetError extends Error {}

export function resolveDatabaseTarget(env: NodeJS.ProcessEnv, cwd = process.cwd()): DatabaseTarget {
  const url = env['DATABASE_URL']?.trim();
  if (url) {
    assertPostgresUrl(url);
    return { kind: 'server', url };
  }
  const dataRoot = path.resolve(cwd, env['THEQA_DATA_DIR']?.trim() || '.data');
  return { kind: 'embedded', dataDir: path.join(dataRoot, 'postgres') };
}

function assertPostgresUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseTargetError('DATABASE_URL is not a URL (expected postgres://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseTargetError(`DATABASE_URL must use postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
}

/** The URL with its password masked, for logs and CLI output. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
