import { RosterError } from './administration-error';
import { isAdministrativeAction, READ_ONLY_ACTIONS, type AdministrativeAction } from './permissions';

/** The sensitive actions that, by default, need a second administrator's approval. */
export const DEFAULT_FOUR_EYES_ACTIONS: readonly AdministrativeAction[] = ['certificate.revoke-administrator', 'relying-party.disable', 'identity.suspend'];

/**
 * THEQA_ADMIN_FOUR_EYES's text: actions separated by commas (`none` for none). Only actions that change
 * something can need a second pair of eyes: a read named here is a configuration error.
 */
export function parseFourEyesActions(text: string): AdministrativeAction[] {
  const named = text.split(',').map((a) => a.trim()).filter(Boolean);
  if (named.length === 1 && named[0] === 'none') return [];
  const problems: string[] = [];
  for (const action of named) {
    if (!isAdministrativeAction(action)) problems.push(`THEQA_ADMIN_FOUR_EYES: "${action}" is not an administrative action`);
    else if (READ_ONLY_ACTIONS.has(action)) problems.push(`THEQA_ADMIN_FOUR_EYES: "${action}" only reads; only actions that change something can need a second administrator`);
  }
  if (problems.length) throw new RosterError(problems);
  return [...new Set(named as AdministrativeAction[])];
}
