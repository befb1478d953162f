import { hash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { developmentSecret } from '@theqa/ca-service';

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
    return new IssuanceApiToken(sha256(developmentSecret(devDir, DEVELOPMENT_TOKEN_FILE, (bytes) => bytes.toString('base64url'))));
  }

  accepts(authorization: string | undefined): boolean {
    const presented = /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(sha256(presented), this.digest);
  }
}

const DEVELOPMENT_TOKEN_FILE = 'ca-api-token';

/** Where a development installation keeps its token (for tools and the welcome message). */
export function developmentTokenFile(devDir: string): string {
  return path.join(devDir, DEVELOPMENT_TOKEN_FILE);
}

// One-shot: checked on every issuance request, where a Hash object per call costs twice as much.
const sha256 = (text: string) => hash('sha256', text, 'buffer');
