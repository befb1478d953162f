/** Why the console refused something, in stable codes a page words in both languages. */
export type AdministrationErrorCode =
  | 'forbidden'
  | 'action-unavailable'
  | 'proposal-unknown'
  | 'proposal-decided'
  | 'proposal-expired'
  | 'proposal-own'
  /** Approved, but the action itself failed when carried out (the proposal is settled as failed). */
  | 'action-failed'
  | 'roster-invalid';

export class AdministrationError extends Error {
  constructor(
    readonly code: AdministrationErrorCode,
    message: string,
    /** The action refused, for `forbidden`. */
    readonly action?: string,
  ) {
    super(message);
    this.name = 'AdministrationError';
  }
}

/** The roster or the four-eyes list of the configuration does not hold: a start error, naming each problem. */
export class RosterError extends Error {
  readonly code = 'roster-invalid';

  constructor(readonly problems: string[]) {
    super(`the administrators' roster is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RosterError';
  }
}
