import { CaError } from '@theqa/ca';
import { ProblemException } from '@theqa/http-shell';
import { HolderNamesDisagree, IdentityError, type HolderName } from '@theqa/identity';
import { IntegrationError } from '@theqa/integrations';
import { caProblem } from './ca-problems';
import { identityProblem, integrationProblem } from './identity/identity-problems';

/** The body fields of POST /ca/certificates that carry each name. */
const FIELDS: Record<HolderName, string> = { givenName: 'identity.given_name', surname: 'identity.surname', fullName: 'identity.full_name' };

/**
 * An issuance failure as the problem the API answers: the CA's refusals, the holder's (unknown to the
 * civil registry, deceased, names that disagree with it: the fields are named, the registry's values
 * are not disclosed), and the civil registry being unavailable (503). Anything else is left as it is.
 */
export function issuanceProblem(error: unknown): unknown {
  if (error instanceof CaError) return caProblem(error);
  if (error instanceof HolderNamesDisagree) {
    const problem = identityProblem(error);
    const errors = error.conflicts.map((c) => ({ field: FIELDS[c.name], message: `${FIELDS[c.name]} does not agree with the civil registry` }));
    return new ProblemException(problem.problem, error.message, { code: error.code, errors });
  }
  if (error instanceof IdentityError) return identityProblem(error);
  if (error instanceof IntegrationError) return integrationProblem(error) ?? error;
  return error;
}

/** Runs issuance work, turning its typed failures into problems. */
export async function asIssuanceProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw issuanceProblem(error);
  }
}
