/** The two levels of assurance of the platform as OpenID Connect `acr` values. */
export const ACR = { medium: 'urn:theqa:loa:medium', high: 'urn:theqa:loa:high' } as const;
export type Assurance = keyof typeof ACR;

const RANK: Record<Assurance, number> = { medium: 1, high: 2 };

export function acrOf(assurance: Assurance): string {
  return ACR[assurance];
}

export function assuranceOfAcr(acr: string): Assurance | undefined {
  return (Object.keys(ACR) as Assurance[]).find((a) => ACR[a] === acr);
}

/** An identity at `held` satisfies a request for `required` when it is at least as high. */
export function satisfies(held: Assurance, required: Assurance): boolean {
  return RANK[held] >= RANK[required];
}

/** The lowest of several acceptable levels: what a login must reach at least. */
export function lowest(levels: Iterable<Assurance>): Assurance | undefined {
  let low: Assurance | undefined;
  for (const level of levels) if (!low || RANK[level] < RANK[low]) low = level;
  return low;
}
