export type RelyingPartyErrorCode = 'rp-invalid' | 'rp-unknown' | 'rp-exists' | 'rp-disabled';

/** One thing wrong with a registration: the input field (`redirectUris[1]`, `jwks.keys[0]`) and what is wrong with it. */
export interface FieldProblem {
  field: string;
  problem: string;
}

export class RelyingPartyError extends Error {
  constructor(
    readonly code: RelyingPartyErrorCode,
    message: string,
    readonly details: { problems?: FieldProblem[]; clientId?: string } = {},
  ) {
    super(message);
    this.name = 'RelyingPartyError';
  }

  /** Every problem at once, so an administrator fixes a registration in one go rather than one field per attempt. */
  static invalid(problems: FieldProblem[]): RelyingPartyError {
    const list = problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
    return new RelyingPartyError('rp-invalid', `the relying party is not valid: ${list}`, { problems });
  }
}
