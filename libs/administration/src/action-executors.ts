import type { AdministrativeAction } from './permissions';

/** What an executor is asked to do: the action's subject and details, who proposed and who approved. */
export interface ActionRequest {
  subject: string;
  details: Record<string, unknown>;
  /** The audit log's actor of the administrator who asked: `admin:<civil number>`. */
  actor: string;
  /** For a four-eyes action, the approver's actor `admin:<civil number>`. */
  approver?: string;
}

/** An action carried out: what it answers (shown on the page and written to the audit log). */
export type ActionResult = Record<string, unknown>;

/**
 * The port through which the console acts on the platform: the composition root supplies one executor
 * per action that changes something (suspending an identity, disabling a relying party…), so this
 * library knows nothing of the CA or the identities. An action without an executor is not offered.
 */
export type ActionExecutors = Partial<Record<AdministrativeAction, (request: ActionRequest) => Promise<ActionResult | void>>>;
