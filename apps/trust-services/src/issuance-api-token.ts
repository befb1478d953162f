import { hash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '@theqa/http-shell';

/**
 * The bearer token that callers of the issuance API (the enrolment service, administrators' tools)
 * present, as the composition root configured it (THEQA_CA_API_TOKEN, or in development one made once
 * into the git-ignored dev folder). Only its SHA-256 is kept in memory, and comparison is constant-time.
 */
export class IssuanceApiToken {
  private constructor(private readonly digest: Buffer) {}

  static of(token: string): IssuanceApiToken {
    return new IssuanceApiToken(sha256(token));
  }

  accepts(authorization: string | undefined): boolean {
    const presented = bearerToken(authorization, 512);
    return presented !== undefined && timingSafeEqual(sha256(presented), this.digest);
  }
}

// One-shot: checked on every issuance request, where a Hash object per call costs twice as much.
const sha256 = (text: string) => hash('sha256', text, 'buffer');
