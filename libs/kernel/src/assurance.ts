/** The platform's levels of assurance, lowest first: a registered identity is medium; the upgrade makes it high. */
export const ASSURANCE_LEVELS = ['medium', 'high'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** The levels as OpenID Connect `acr` values (DESIGN.md, "Contracts that everything shares"). */
export const ACR = { medium: 'urn:theqa:loa:medium', high: 'urn:theqa:loa:high' } as const satisfies Record<AssuranceLevel, string>;
export type AcrValue = (typeof ACR)[AssuranceLevel];
/** Lowest first, as ASSURANCE_LEVELS. */
export const ACR_VALUES: readonly AcrValue[] = ASSURANCE_LEVELS.map((level) => ACR[level]);

const RANK: Record<AssuranceLevel, number> = { medium: 1, high: 2 };

export function isAssuranceLevel(value: unknown): value is AssuranceLevel {
  return value === 'medium' || value === 'high';
}

export function isAcrValue(value: unknown): value is AcrValue {
  return value === ACR.medium || value === ACR.high;
}

export function acrOf(level: AssuranceLevel): AcrValue {
  return ACR[level];
}

/** The level an `acr` value names; undefined for any other value (another platform's, a typo). */
export function assuranceOfAcr(acr: unknown): AssuranceLevel | undefined {
  if (acr === ACR.medium) return 'medium';
  if (acr === ACR.high) return 'high';
  return undefined;
}

/** An identity (or a login) at `actual` satisfies a requirement of `required` when it is at least as high. */
export function satisfies(actual: AssuranceLevel, required: AssuranceLevel): boolean {
  return RANK[actual] >= RANK[required];
}

/** The lowest of several acceptable levels: what a login must reach at least. Undefined for none. */
export function lowest(levels: Iterable<AssuranceLevel>): AssuranceLevel | undefined {
  let low: AssuranceLevel | undefined;
  for (const level of levels) if (!low || RANK[level] < RANK[low]) low = level;
  return low;
}
