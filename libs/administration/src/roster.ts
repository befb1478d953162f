import { isCivilNumber } from '@theqa/kernel';
import { RosterError } from './administration-error';
import { ADMINISTRATOR_ROLES, isAdministratorRole, type AdministratorRole } from './roles';

/** Who holds which role, as the configuration lists it: civil numbers per role. */
export type RoleAssignments = Partial<Record<AdministratorRole, readonly string[]>>;

export interface RosterConfiguration {
  assignments: RoleAssignments;
  /**
   * The sets of roles one person may hold together. A person in several roles must hold exactly one
   * of these sets; without it, one person in two roles is a configuration error.
   */
  combinations: ReadonlyArray<readonly AdministratorRole[]>;
}

/** An administrator as the console knows them: a civil number and the roles the roster gives it. */
export interface Administrator {
  civilNumber: string;
  roles: AdministratorRole[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The administrators, checked once at start: every civil number well formed, none listed twice in a
 * role, and one person in several roles only where a combination allows exactly those roles.
 */
export class AdministratorRoster {
  private readonly byCivilNumber: ReadonlyMap<string, AdministratorRole[]>;

  private constructor(byCivilNumber: Map<string, AdministratorRole[]>) {
    this.byCivilNumber = byCivilNumber;
  }

  /** The roster, or a RosterError naming every problem found. */
  static of(configuration: RosterConfiguration): AdministratorRoster {
    const problems: string[] = [];
    const combinations: AdministratorRole[][] = [];
    for (const combination of configuration.combinations) {
      const text = combination.join('+');
      const unknown = combination.filter((role) => !isAdministratorRole(role));
      if (unknown.length) problems.push(`the role combination "${text}" names unknown roles: ${unknown.join(', ')} (roles: ${ADMINISTRATOR_ROLES.join(', ')})`);
      else if (new Set(combination).size !== combination.length) problems.push(`the role combination "${text}" repeats a role`);
      else if (combination.length < 2) problems.push(`the role combination "${text}" has a single role: a combination names two roles or more`);
      else combinations.push([...combination]);
    }
    const byCivilNumber = new Map<string, AdministratorRole[]>();
    for (const [role, civilNumbers] of Object.entries(configuration.assignments) as Array<[string, readonly string[]]>) {
      if (!isAdministratorRole(role)) {
        problems.push(`unknown role "${role}" (roles: ${ADMINISTRATOR_ROLES.join(', ')})`);
        continue;
      }
      const seen = new Set<string>();
      for (const civilNumber of civilNumbers) {
        if (!isCivilNumber(civilNumber)) {
          problems.push(`${role}: "${civilNumber}" is not a civil number (6 to 12 digits)`);
          continue;
        }
        if (seen.has(civilNumber)) {
          problems.push(`${role}: ${civilNumber} is listed twice`);
          continue;
        }
        seen.add(civilNumber);
        byCivilNumber.set(civilNumber, [...(byCivilNumber.get(civilNumber) ?? []), role]);
      }
    }
    for (const [civilNumber, roles] of byCivilNumber) {
      if (roles.length < 2 || combinations.some((combination) => sameSet(combination, roles))) continue;
      problems.push(`${civilNumber} holds ${roles.join(' and ')}: one person in several roles needs that combination allowed (THEQA_ADMIN_ROLE_COMBINATIONS=${roles.join('+')})`);
    }
    if (problems.length) throw new RosterError(problems);
    // The roles in the permission table's order, whatever the configuration's.
    for (const roles of byCivilNumber.values()) roles.sort((a, b) => ADMINISTRATOR_ROLES.indexOf(a) - ADMINISTRATOR_ROLES.indexOf(b));
    return new AdministratorRoster(byCivilNumber);
  }

  /** The administrator with this civil number; undefined for anyone the roster does not list. */
  administrator(civilNumber: string): Administrator | undefined {
    const roles = this.byCivilNumber.get(civilNumber);
    return roles && { civilNumber, roles: [...roles] };
  }

  isAdministrator(civilNumber: string): boolean {
    return this.byCivilNumber.has(civilNumber);
  }

  /** Every administrator, by civil number. */
  list(): Administrator[] {
    return [...this.byCivilNumber].map(([civilNumber, roles]) => ({ civilNumber, roles: [...roles] }));
  }
}

/**
 * THEQA_ADMIN_ROLES's text: `role:civil number,civil number;role:civil number`, spaces ignored, e.g.
 * `ca-officer:12345678,23456789;auditor:34567890`. Syntax only; AdministratorRoster.of checks the rest.
 */
export function parseRoleAssignments(text: string): { assignments: Record<string, string[]>; problems: string[] } {
  const assignments: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon <= 0) {
      problems.push(`"${part}" is not role:civil number,civil number`);
      continue;
    }
    const role = part.slice(0, colon).trim();
    if (Object.hasOwn(assignments, role)) {
      problems.push(`the role "${role}" is listed twice`);
      continue;
    }
    assignments[role] = part.slice(colon + 1).split(',').map((c) => c.trim()).filter(Boolean);
  }
  return { assignments, problems };
}

/** THEQA_ADMIN_ROLE_COMBINATIONS's text: `role+role;role+role+role`, e.g. `support-officer+auditor`. */
export function parseRoleCombinations(text: string): AdministratorRole[][] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((combination) => combination.split('+').map((role) => role.trim()) as AdministratorRole[]);
}
