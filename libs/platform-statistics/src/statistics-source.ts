/** One day's count (of one relying party's logins, for `logins`). */
export interface DayCount {
  day: string;
  count: number;
}

export interface RelyingPartyDayCount extends DayCount {
  clientId: string;
  /** As the registry names it; undefined for a client no longer registered. */
  name?: { ar: string; en: string };
}

/**
 * Where the per-day counts come from (persistence implements it over the tables that record each
 * event: one grouped query per count). Days are calendar days in `timeZone` (an IANA name); days with
 * nothing are simply absent.
 */
export interface StatisticsSource {
  /** Identities registered: the `enrolment.completed` events of the activity. */
  enrolments(from: string, to: string, timeZone: string): Promise<DayCount[]>;
  /** Logins approved, per relying party: the `login.approved` events of the activity. */
  logins(from: string, to: string, timeZone: string): Promise<RelyingPartyDayCount[]>;
  /** Documents signed: signing requests completed as signed. */
  signatures(from: string, to: string, timeZone: string): Promise<DayCount[]>;
  /** Certificates revoked (holds are not revocations): the ledger's revocation times. */
  revocations(from: string, to: string, timeZone: string): Promise<DayCount[]>;
}
