export { ADMINISTRATOR_ROLES, ROLE_NAMES, isAdministratorRole, type AdministratorRole } from './roles';
export { ADMINISTRATIVE_ACTIONS, ACTION_NAMES, PERMISSIONS, READ_ONLY_ACTIONS, isAdministrativeAction, permissionsOf, rolesMay, type AdministrativeAction } from './permissions';
export { AdministratorRoster, parseRoleAssignments, parseRoleCombinations, type Administrator, type RoleAssignments, type RosterConfiguration } from './roster';
export { DEFAULT_FOUR_EYES_ACTIONS, parseFourEyesActions } from './four-eyes';
export type { Proposal, ProposalStatus, ProposalStore, NewProposal } from './proposal';
export type { ActionExecutors, ActionRequest, ActionResult } from './action-executors';
export { Administration, adminActor, type AdministrationOptions, type Performed, type PendingProposal } from './administration';
export { AdministrationError, RosterError, type AdministrationErrorCode } from './administration-error';
