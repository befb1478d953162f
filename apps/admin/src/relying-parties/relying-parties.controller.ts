import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationError, isAdministrativeAction, type AdministrativeAction } from '@theqa/administration';
import type { Bilingual } from '@theqa/kernel';
import { RelyingPartyError, RemoteJwksError, type RelyingParty } from '@theqa/relying-parties';
import type { AdminRelyingParties } from '../admin-app-dependencies';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, type AdminRequest } from '../http/admin-http';
import { forbiddenPage } from '../pages/problem-pages';
import { changesOf, EMPTY_ONBOARDING, formErrors, onboardingValues, pastedJwks, registrationInput, valuesOf, type FormErrors } from './onboarding-form';
import { onboardPage, RP_DONE, relyingPartiesPage, relyingPartyPage, unavailablePage, unknownPartyPage, type SecretWhy } from './relying-party-pages';

const DISABLED = { text: { ar: 'هذه الجهة معطّلة من قبل.', en: 'This relying party is already disabled.' }, kind: 'warning' as const };

/** How many days of logins a party's page shows. */
const LOGIN_DAYS = 14;

/** The last `count` calendar days in Muscat, today included (YYYY-MM-DD). */
function lastDays(count: number, now = new Date()): { from: string; to: string } {
  const day = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Muscat', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return { from: day(new Date(now.getTime() - (count - 1) * 86_400_000)), to: day(now) };
}

/**
 * The relying-party officer's section: the register of `npx theqa rp` in pages. Reading goes to the
 * registry; every change (onboard, disable, rotate a secret) goes through `administration.perform`, so
 * it is checked against the roles, proposed for a second administrator where four eyes are configured,
 * and written to the audit log with the administrator. A client secret is shown once, in the answer to
 * the form that made it, and never in the audit log.
 */
@Controller('admin/relying-parties')
@UseFilters(AdminErrorsFilter)
export class RelyingPartiesController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, (request) =>
      this.withRegistry(res, request, async (registry) => {
        const parties = await registry.list();
        this.http.send(res, 200, relyingPartiesPage(request.context, parties, { mayOnboard: this.offers(request, 'relying-party.onboard') }));
      }),
    );
  }

  @Get('new')
  async form(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, (request) => this.withRegistry(res, request, async () => this.http.send(res, 200, onboardPage(request.context, EMPTY_ONBOARDING))));
  }

  @Post()
  async onboard(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) =>
      this.withRegistry(res, request, async (registry) => {
        const context = { ...request.context, path: '/admin/relying-parties/new' };
        const values = onboardingValues(req);
        const refuse = (errors: FormErrors) => this.http.send(res, 400, onboardPage(context, values, errors));
        const pasted = pastedJwks(values);
        if (pasted.error) return refuse(formErrors([pasted.error]));
        const input = registrationInput(values, pasted.jwks);
        try {
          // The registry's own validation first: a refused registration is never proposed, nor recorded as done.
          registry.validate(input);
          const performed = await this.http.app.administration.perform(request.administrator, { action: 'relying-party.onboard', subject: input.clientId ?? '(new)', details: { input } });
          if (performed.outcome === 'proposed') return this.http.send(res, 202, onboardPage(context, EMPTY_ONBOARDING, {}, true));
          const rp = await registry.show(String(performed.result.clientId));
          const secret = rp.authMethod === 'client_secret_basic' ? { value: await registry.clientSecret(rp), why: 'onboarded' as const } : undefined;
          const onboarded = { text: { ar: 'سُجّلت الجهة المعتمدة.', en: 'The relying party is onboarded.' }, kind: 'success' as const };
          await this.showParty(res, request, rp, 201, secret ? undefined : await this.withKeysChecked(registry, rp, onboarded), secret);
        } catch (error) {
          if (error instanceof RelyingPartyError && error.code === 'rp-invalid') return refuse(formErrors(error.details.problems ?? []));
          if (error instanceof RelyingPartyError && error.code === 'rp-exists') return refuse(formErrors([{ field: 'clientId', problem: error.message }], { client_id: 'معرّف العميل هذا مستعمل لجهة معتمدة أخرى.' }));
          if (this.refused(res, request, error)) return;
          throw error;
        }
      }),
    );
  }

  @Get(':clientId')
  async show(@Param('clientId') clientId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, (request) =>
      this.withParty(res, request, clientId, async (rp) => {
        const done = typeof req.query.done === 'string' && Object.hasOwn(RP_DONE, req.query.done) ? RP_DONE[req.query.done] : undefined;
        await this.showParty(res, request, rp, 200, done);
      }),
    );
  }

  @Get(':clientId/edit')
  async editForm(@Param('clientId') clientId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, (request) =>
      this.withParty(res, request, clientId, async (rp) => {
        if (rp.status === 'disabled') return await this.showParty(res, request, rp, 409, DISABLED);
        this.http.send(res, 200, onboardPage(request.context, valuesOf(rp), {}, false, rp));
      }),
    );
  }

  @Post(':clientId/edit')
  async edit(@Param('clientId') clientId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) =>
      this.withParty(res, request, clientId, async (rp, registry) => {
        if (rp.status === 'disabled') return await this.showParty(res, request, rp, 409, DISABLED);
        const context = { ...request.context, path: `/admin/relying-parties/${encodeURIComponent(rp.clientId)}/edit` };
        const values = { ...onboardingValues(req), clientId: rp.clientId };
        const refuse = (errors: FormErrors) => this.http.send(res, 400, onboardPage(context, values, errors, false, rp));
        const pasted = pastedJwks(values);
        if (pasted.error) return refuse(formErrors([pasted.error]));
        const changes = changesOf(values, pasted.jwks);
        try {
          // Validated as a whole registration (the registry's update does the same) before anything is proposed.
          registry.validate({ ...changes, clientId: rp.clientId } as Parameters<AdminRelyingParties['validate']>[0]);
          const performed = await this.http.app.administration.perform(request.administrator, { action: 'relying-party.edit', subject: rp.clientId, details: { changes } });
          if (performed.outcome === 'proposed') return await this.showParty(res, request, rp, 202, { text: { ar: 'قُدّم طلب التعديل: يسري بعد موافقة مسؤول ثانٍ.', en: 'The edit was proposed: it takes effect once a second administrator approves.' }, kind: 'warning' });
          const edited = await registry.show(rp.clientId);
          const changed = Array.isArray(performed.result.changed) ? performed.result.changed.length : 0;
          if (performed.result.secretIssued === true) return await this.showParty(res, request, edited, 200, undefined, { value: await registry.clientSecret(edited), why: 'edited' });
          const saved = changed ? { text: { ar: 'حُفظت التعديلات.', en: 'The changes are saved.' }, kind: 'success' as const } : { text: { ar: 'لم يتغيّر شيء.', en: 'Nothing changed.' }, kind: 'success' as const };
          await this.showParty(res, request, edited, 200, await this.withKeysChecked(registry, edited, saved));
        } catch (error) {
          if (error instanceof RelyingPartyError && error.code === 'rp-invalid') return refuse(formErrors(error.details.problems ?? []));
          if (error instanceof RelyingPartyError && error.code === 'rp-disabled') return await this.showParty(res, request, await registry.show(rp.clientId), 409, DISABLED);
          if (this.refused(res, request, error)) return;
          throw error;
        }
      }),
    );
  }

  @Post(':clientId/disable')
  async disable(@Param('clientId') clientId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) =>
      this.withParty(res, request, clientId, async (rp, registry) => {
        if (rp.status === 'disabled') return await this.showParty(res, request, rp, 409, { text: { ar: 'هذه الجهة معطّلة من قبل.', en: 'This relying party is already disabled.' }, kind: 'warning' });
        // One proposal at a time: a second click while it waits proposes nothing more.
        if (await this.disablePending(request, rp.clientId)) return await this.showParty(res, request, rp, 409);
        try {
          const performed = await this.http.app.administration.perform(request.administrator, { action: 'relying-party.disable', subject: rp.clientId, details: { name_en: rp.name.en } });
          this.http.redirect(res, `/admin/relying-parties/${encodeURIComponent(rp.clientId)}?done=${performed.outcome === 'proposed' ? 'proposed' : 'disabled'}`);
        } catch (error) {
          if (error instanceof RelyingPartyError && error.code === 'rp-disabled') return await this.showParty(res, request, await registry.show(rp.clientId), 409, { text: { ar: 'هذه الجهة معطّلة من قبل.', en: 'This relying party is already disabled.' }, kind: 'warning' });
          if (this.refused(res, request, error)) return;
          throw error;
        }
      }),
    );
  }

  @Post(':clientId/rotate-secret')
  async rotate(@Param('clientId') clientId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) =>
      this.withParty(res, request, clientId, async (rp, registry) => {
        const cannot = (text: Bilingual) => this.showParty(res, request, rp, 409, { text, kind: 'warning' });
        if (rp.status === 'disabled') return cannot({ ar: 'هذه الجهة معطّلة: لا سرّ لتجديده.', en: 'This relying party is disabled: there is no secret to rotate.' });
        if (rp.authMethod !== 'client_secret_basic') return cannot({ ar: 'هذه الجهة تستعمل مفاتيحها (private_key_jwt): ليس لها سرّ عميل.', en: 'This relying party uses its keys (private_key_jwt): it has no client secret.' });
        try {
          const performed = await this.http.app.administration.perform(request.administrator, { action: 'relying-party.rotate-secret', subject: rp.clientId });
          if (performed.outcome === 'proposed') return await this.showParty(res, request, rp, 202, { text: { ar: 'قُدّم طلب تجديد السرّ: يسري بعد موافقة مسؤول ثانٍ.', en: 'Rotating the secret was proposed: it takes effect once a second administrator approves.' }, kind: 'warning' });
          // The secret of the generation this rotation made (another rotation at the same moment makes its own).
          const rotated: RelyingParty = { ...(await registry.show(rp.clientId)), secretGeneration: Number(performed.result.secretGeneration) };
          await this.showParty(res, request, rotated, 200, undefined, { value: await registry.clientSecret(rotated), why: 'rotated' });
        } catch (error) {
          if (error instanceof RelyingPartyError && (error.code === 'rp-disabled' || error.code === 'rp-invalid')) return cannot({ ar: 'تعذّر تجديد السرّ: تغيّرت الجهة في أثناء ذلك.', en: 'The secret could not be rotated: the relying party changed meanwhile.' });
          if (this.refused(res, request, error)) return;
          throw error;
        }
      }),
    );
  }

  private registry(): AdminRelyingParties | undefined {
    return this.http.app.relyingParties;
  }

  private offers(request: AdminRequest, action: AdministrativeAction): boolean {
    return this.http.app.administration.may(request.administrator, action) && this.http.app.administration.offers(action);
  }

  private async withRegistry(res: Response, request: AdminRequest, work: (registry: AdminRelyingParties) => Promise<void>): Promise<void> {
    const registry = this.registry();
    if (!registry) return this.http.send(res, 503, unavailablePage(request.context));
    await work(registry);
  }

  private withParty(res: Response, request: AdminRequest, clientId: string, work: (rp: RelyingParty, registry: AdminRelyingParties) => Promise<void>): Promise<void> {
    return this.withRegistry(res, request, async (registry) => {
      let rp: RelyingParty;
      try {
        rp = await registry.show(clientId);
      } catch (error) {
        if (error instanceof RelyingPartyError && error.code === 'rp-unknown') return this.http.send(res, 404, unknownPartyPage(request.context, clientId));
        throw error;
      }
      await work(rp, registry);
    });
  }

  private async showParty(res: Response, request: AdminRequest, rp: RelyingParty, status: number, message?: { text: Bilingual; kind: 'success' | 'warning' }, secret?: { value: string; why: SecretWhy }): Promise<void> {
    const administration = this.http.app.administration;
    const context = { ...request.context, path: `/admin/relying-parties/${encodeURIComponent(rp.clientId)}` };
    const actions = {
      mayDisable: this.offers(request, 'relying-party.disable'),
      disableNeedsFourEyes: administration.needsFourEyes('relying-party.disable'),
      mayRotate: this.offers(request, 'relying-party.rotate-secret'),
      mayEdit: this.offers(request, 'relying-party.edit'),
      disablePending: await this.disablePending(request, rp.clientId),
    };
    const logins = await this.registry()?.loginsPerDay(rp.clientId, lastDays(LOGIN_DAYS)) ?? [];
    this.http.send(res, status, relyingPartyPage(context, rp, actions, logins, message, secret));
  }

  private async disablePending(request: AdminRequest, clientId: string): Promise<boolean> {
    const pending = await this.http.app.administration.pending(request.administrator);
    return pending.some((p) => p.action === 'relying-party.disable' && p.subject === clientId);
  }

  /**
   * A party registered with a JWKS URI: its keys read once now, through the gateway's own reader, so that
   * an address that does not answer (or holds no usable keys) is a warning while the officer is still
   * here, not a failed login later. Never a refusal: the registry stores the address, and the party may
   * publish its keys after it is onboarded.
   */
  private async withKeysChecked(registry: AdminRelyingParties, rp: RelyingParty, done: { text: Bilingual; kind: 'success' | 'warning' }): Promise<{ text: Bilingual; kind: 'success' | 'warning' }> {
    if (!rp.jwksUri || !registry.remoteJwks) return done;
    try {
      await registry.remoteJwks.keys(rp.jwksUri);
      return done;
    } catch (error) {
      if (!(error instanceof RemoteJwksError)) throw error;
      const why: Bilingual =
        error.code === 'jwks-invalid'
          ? { ar: 'ما في عنوان JWKS ليس مجموعة مفاتيح عامة مقبولة', en: error.message }
          : { ar: 'تعذّر الوصول إلى عنوان JWKS الآن', en: error.message };
      return {
        text: {
          ar: `${done.text.ar} تنبيه: ${why.ar}؛ لن تنجح عمليات الدخول إلى الجهة حتى تنشر مفاتيحها عليه.`,
          en: `${done.text.en} Warning: ${why.en}; logins to the party will fail until it publishes its keys there.`,
        },
        kind: 'warning',
      };
    }
  }

  /** The library refused the action: not the administrator's roles, or an action this platform does not offer. */
  private refused(res: Response, request: AdminRequest, error: unknown): boolean {
    if (!(error instanceof AdministrationError)) return false;
    if (error.code === 'forbidden') this.http.send(res, 403, forbiddenPage(request.context, isAdministrativeAction(error.action) ? error.action : 'relying-party.view'));
    else this.http.send(res, 503, unavailablePage(request.context));
    return true;
  }
}
