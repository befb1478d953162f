/**
 * Where the platform's PostgreSQL is: a server (with, optionally, the owner's connection that runs
 * migrations while the application connects with a role of fewer rights), or the embedded one in a
 * data folder. The composition root decides it from its configuration; this library never reads the
 * environment.
 */
export type DatabaseTarget =
  | { kind: 'server'; url: string; migrationUrl?: string }
  | { kind: 'embedded'; dataDir: string };

/** The URL with its password masked, for logs and CLI output. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
