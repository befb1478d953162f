import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The bearer token that callers of the issuance API (the enrolment service, administrators' tools)
 * present. From THEQA_CA_API_TOKEN; in development, made once into the git-ignored dev folder.
 * Only its SHA-256 is kept in memory, and comparison is constant-time.
 */
export class IssuanceApiToken {
  private constructor(private readonly digest: Buffer) {}

  static fromEnvironment(env: NodeJS.ProcessEnv, devDir: string, production: boolean): IssuanceApiToken {
    const configured = env['THEQA_CA_API_TOKEN']?.trim();
    if (configured) {
      if (configured.length < 32) throw new Error('THEQA_CA_API_TOKEN must be at least 32 characters');
      return new IssuanceApiToken(sha256(configured));
    }
    if (production) throw new Error('THEQA_CA_API_TOKEN is required in production');
    return new IssuanceApiToken(sha256(developmentToken(devDir)));
  }

  accepts(authorization: string | undefined): boolean {
    const presented = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(sha256(presented), this.digest);
  }
}

export function developmentTokenFile(devDir: string): string {
  return path.join(devDir, 'ca-api-token');
}

function developmentToken(devDir: string): string {
  const file = developmentTokenFile(devDir);
  fs.mkdirSync(devDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
