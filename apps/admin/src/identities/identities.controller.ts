import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ACTION_NAMES, AdministrationError, isAdministrativeAction, type AdministrativeAction } from '@theqa/administration';
import { IdentityError } from '@theqa/identity';
import { isCivilNumber, type Bilingual } from '@theqa/kernel';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, field, type AdminRequest } from '../http/admin-http';
import { UNDECIDED } from '../pages/approvals-page';
import { CIVIL_NUMBER_INVALID, identityLookupPage, lookupUnavailablePage, noIdentityPage } from '../pages/identity-lookup-page';
import { PERSON_DONE, personPage, type ActionProblem, type PersonActions } from '../pages/person-page';
import { forbiddenPage } from '../pages/problem-pages';
import { readReason } from './support-reason';

/** The person page's recent events. */
const EVENTS_SHOWN = 20;

type SupportForm = ActionProblem['form'];

const FORM_ACTIONS: Record<SupportForm, AdministrativeAction> = {
  suspend: 'identity.suspend',
  restore: 'identity.restore',
  'pin-reset': 'identity.require-pin-reset',
};

/**
 * Identity support for the support officer (the auditor reads): look a person up by civil number, their
 * page, and suspend, restore or require a PIN reset — each through `administration.perform`, so four
 * eyes where configured and the audit log with the administrator (and approver) either way.
 */
@Controller('admin/identities')
@UseFilters(AdminErrorsFilter)
export class IdentitiesController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async lookUp(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async ({ context }) => {
      const typed = req.query.civil_number;
      if (typed === undefined) return this.http.send(res, 200, identityLookupPage(context));
      const civilNumber = typeof typed === 'string' ? typed.trim() : '';
      if (!isCivilNumber(civilNumber)) return this.http.send(res, 400, identityLookupPage(context, { typed: typeof typed === 'string' ? typed.slice(0, 40) : '', error: CIVIL_NUMBER_INVALID }));
      this.http.redirect(res, `/admin/identities/${civilNumber}`);
    });
  }

  @Get(':civilNumber')
  async person(@Param('civilNumber') civilNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const done = typeof req.query.done === 'string' && Object.hasOwn(PERSON_DONE, req.query.done) ? req.query.done : undefined;
      await this.show(res, request, civilNumber, 200, { message: done === undefined ? undefined : { text: PERSON_DONE[done], kind: done.endsWith('-proposed') ? 'warning' : 'success' } });
    });
  }

  @Post(':civilNumber/suspend')
  async suspend(@Param('civilNumber') civilNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) => this.act(req, res, request, civilNumber, 'suspend', true));
  }

  @Post(':civilNumber/restore')
  async restore(@Param('civilNumber') civilNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) => this.act(req, res, request, civilNumber, 'restore', false));
  }

  @Post(':civilNumber/pin-reset')
  async requirePinReset(@Param('civilNumber') civilNumber: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) => this.act(req, res, request, civilNumber, 'pin-reset', true));
  }

  /**
   * One of the support desk's actions: the civil number and the reason checked first (the form again
   * with the error, nothing changed), then `perform` — done at once, or proposed for a second administrator.
   */
  private async act(req: Request, res: Response, request: AdminRequest, civilNumber: string, form: SupportForm, reasonRequired: boolean): Promise<void> {
    const action = FORM_ACTIONS[form];
    if (!isCivilNumber(civilNumber)) return this.http.send(res, 400, identityLookupPage({ ...request.context, path: '/admin/identities' }, { typed: civilNumber.slice(0, 40), error: CIVIL_NUMBER_INVALID }));
    const typed = field(req, 'reason');
    const reason = readReason(typed, reasonRequired);
    if (!reason.ok) return this.show(res, request, civilNumber, 400, { problem: { form, message: reason.problem, typed: typed?.slice(0, 500) } });
    const administration = this.http.app.administration;
    let done: string;
    try {
      // Only a person who has an identity is suspended (or proposed for it): a proposal on nobody would wait for nothing.
      if (!(await this.http.app.identitySupport?.lookUp(civilNumber, { events: 1 }))) return this.show(res, request, civilNumber, 404, {});
      const performed = await administration.perform(request.administrator, { action, subject: civilNumber, details: reason.value === undefined ? {} : { reason: reason.value } });
      done = performed.outcome === 'proposed' ? `${form}-proposed` : doneOf(form, performed.result);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'identity-unknown') return this.show(res, request, civilNumber, 404, {});
      if (!(error instanceof AdministrationError)) throw error;
      if (error.code === 'forbidden') return this.http.send(res, 403, forbiddenPage(request.context, isAdministrativeAction(error.action) ? error.action : action));
      return this.show(res, request, civilNumber, 409, { message: { text: UNDECIDED[error.code] ?? UNDECIDED['action-unavailable'], kind: 'warning' } });
    }
    this.http.redirect(res, `/admin/identities/${civilNumber}?done=${done}`);
  }

  /** The person's page (or the look-up with its error, or "no digital identity"), the look-up in the audit log. */
  private async show(res: Response, request: AdminRequest, civilNumber: string, status: number, options: { message?: { text: Bilingual; kind: 'success' | 'warning' }; problem?: ActionProblem }): Promise<void> {
    const { administrator, context } = request;
    if (!isCivilNumber(civilNumber)) return this.http.send(res, 400, identityLookupPage({ ...context, path: '/admin/identities' }, { typed: civilNumber.slice(0, 40), error: CIVIL_NUMBER_INVALID }));
    const support = this.http.app.identitySupport;
    if (!support) return this.http.send(res, 503, lookupUnavailablePage({ ...context, path: '/admin/identities' }));
    const administration = this.http.app.administration;
    // Who looked at whom: a person's data seen at the support desk is in the audit log.
    await administration.record(administrator, 'identity.view', civilNumber);
    const overview = await support.lookUp(civilNumber, { events: EVENTS_SHOWN });
    if (!overview) return this.http.send(res, status === 200 ? 404 : status, noIdentityPage({ ...context, path: '/admin/identities' }, civilNumber));
    const may = (a: AdministrativeAction) => administration.may(administrator, a) && administration.offers(a);
    const actions: PersonActions = {
      suspend: may('identity.suspend'),
      restore: may('identity.restore'),
      pinReset: may('identity.require-pin-reset'),
      suspendNeedsApproval: administration.needsFourEyes('identity.suspend'),
      restoreNeedsApproval: administration.needsFourEyes('identity.restore'),
      pinResetNeedsApproval: administration.needsFourEyes('identity.require-pin-reset'),
    };
    const pending = (await administration.pending(administrator))
      .filter((p) => p.subject === civilNumber && p.action.startsWith('identity.'))
      .map((p) => ({ action: ACTION_NAMES[p.action], proposer: p.proposer, createdAt: p.createdAt }));
    this.http.send(res, status, personPage(context, overview, { actions, pending, ...options }));
  }
}

/** The `?done=` of an action carried out at once, by what its executor answered. */
function doneOf(form: SupportForm, result: Record<string, unknown>): string {
  const changed = result.changed !== false;
  if (form === 'suspend') return changed ? 'suspended' : 'already-suspended';
  if (form === 'restore') return changed ? 'restored' : 'not-suspended';
  return changed ? 'pin-reset-required' : 'pin-reset-already';
}
