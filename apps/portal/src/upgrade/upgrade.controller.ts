import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDeviceSerial } from '@theqa/device-protocol';
import { qrOf } from '@theqa/http-shell';
import { IdentityError, type DeviceRecord, type UpgradeStatus } from '@theqa/identity';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { field, PortalHttp, type SessionRequest } from '../http/portal-http';
import { notFoundPage } from '../pages/problem-pages';
import { upgradeJourneyPage, type UpgradeJourneyView } from '../pages/upgrade-journey-page';
import { upgradeConfirmPage, upgradePickPage } from '../pages/upgrade-pages';
import { ALREADY_SIGNS, DEVICE_NOT_YOURS, NO_DEVICE_PICKED, refusalOf, type UpgradeRefusal } from './upgrade-refusal';

const JOURNEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The upgrade to HIGH in the guide's order: manage digital identity → upgrade → pick the device by its
 * serial number → continue → confirm → the page shows the QR code and follows the journey on the device
 * → HIGH. The journey is @theqa/identity's `Upgrades`; the portal begins it for the person logged in,
 * shows it, and lets them abandon it. Served once `features.upgrade` is on.
 */
@Controller('portal/upgrade')
@UseFilters(PortalErrorsFilter)
export class UpgradeController {
  constructor(private readonly http: PortalHttp) {}

  @Get()
  async pick(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/upgrade', async (request) => {
      if (!this.http.app.features.upgrade) return this.notFound(res, request);
      const asked = typeof req.query.device === 'string' && isDeviceSerial(req.query.device) ? req.query.device : undefined;
      await this.showPick(req, res, request, 200, asked);
    });
  }

  /** "Continue": the device picked, named, with what follows; a GET form, nothing changes yet. */
  @Get('confirm')
  async confirm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/upgrade', async (request) => {
      if (!this.http.app.features.upgrade) return this.notFound(res, request);
      const asked = req.query.device;
      if (typeof asked !== 'string' || !isDeviceSerial(asked)) return this.showPick(req, res, request, NO_DEVICE_PICKED.status, undefined, NO_DEVICE_PICKED);
      const identity = await this.http.app.identities.find(request.session.civilNumber);
      if (!identity) return this.http.withoutIdentity(req, res, request.session);
      const device = (await this.activeDevices(request)).find((d) => d.serial === asked);
      if (!device) return this.showPick(req, res, request, DEVICE_NOT_YOURS.status, undefined, DEVICE_NOT_YOURS);
      const renewing = identity.assurance === 'high';
      if (renewing) {
        // A HIGH identity renews only a device without a usable signing key; one that signs is not offered.
        const keys = await this.http.app.upgrades.deviceSigningKeys(request.session.civilNumber);
        if (keys.find((k) => k.device.serial === device.serial)?.signingKey === 'usable') {
          return this.showPick(req, res, request, ALREADY_SIGNS.status, undefined, ALREADY_SIGNS);
        }
      }
      this.http.send(res, 200, upgradeConfirmPage({ ...request.context, path: '/portal/upgrade/confirm', keep: { device: device.serial } }, device, renewing));
    });
  }

  /** "Confirm": begins the upgrade (or picks up the person's open one) and shows its QR code. */
  @Post()
  async begin(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal/upgrade', async (request) => {
      if (!this.http.app.features.upgrade) return this.notFound(res, request);
      const device = field(req, 'device');
      if (device === undefined || !isDeviceSerial(device)) return this.showPick(req, res, request, NO_DEVICE_PICKED.status, undefined, NO_DEVICE_PICKED);
      try {
        // What the confirmation said: an upgrade confirmed while MEDIUM is refused once HIGH, not taken as a renewal.
        const purpose = field(req, 'purpose');
        const begun = await this.http.app.upgrades.begin({ civilNumber: request.session.civilNumber, device, ...(purpose === 'upgrade' || purpose === 'renewal' ? { purpose } : {}) });
        this.http.redirect(res, `/portal/upgrade/${begun.journeyId}${begun.resumed ? '?resumed=1' : ''}`);
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
        const refusal = refusalOf(error);
        this.retryAfter(res, error);
        await this.showPick(req, res, request, refusal.status, device, refusal);
      }
    });
  }

  @Get(':journeyId')
  async journey(@Param('journeyId') journeyId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, `/portal/upgrade/${JOURNEY_ID.test(journeyId) ? journeyId : ''}`, async (request) => {
      if (!this.http.app.features.upgrade || !JOURNEY_ID.test(journeyId)) return this.notFound(res, request);
      const civilNumber = request.session.civilNumber;
      const status = await this.statusOf(journeyId, civilNumber);
      if (!status) return this.notFound(res, request);
      let qr = status.qr;
      let renewalRefused: UpgradeRefusal | undefined;
      if (status.status === 'open' && status.step === 'scan' && !qr) {
        // The code lapsed unscanned: a new one for the same device, the journey as it was.
        try {
          const renewed = await this.http.app.upgrades.begin({ civilNumber, device: status.device });
          // Ended between the two reads (abandoned in another window): begin started another.
          if (renewed.journeyId !== journeyId) return this.http.redirect(res, `/portal/upgrade/${renewed.journeyId}`);
          if (renewed.qrPayload) qr = { payload: renewed.qrPayload, expiresAt: renewed.expiresAt };
        } catch (error) {
          if (!(error instanceof IdentityError)) throw error;
          renewalRefused = refusalOf(error);
        }
      }
      const [identity, devices] = await Promise.all([this.http.app.identities.find(civilNumber), this.http.app.identities.devices(civilNumber)]);
      if (!identity) return this.http.toLogin(req, res);
      const resumed = req.query.resumed === '1';
      const view: UpgradeJourneyView = {
        status,
        identity,
        device: devices.find((d) => d.serial === status.device),
        qr: qr && { ...(await qrOf(qr.payload)), expiresAt: qr.expiresAt },
        resumed,
        renewalRefused,
      };
      this.http.send(res, 200, upgradeJourneyPage({ ...request.context, keep: resumed ? { resumed: '1' } : undefined }, view));
    });
  }

  /** Abandon: the open upgrade ends (a device carrying it on is refused from then on); its page says so. */
  @Post(':journeyId/abandon')
  async abandon(@Param('journeyId') journeyId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal/upgrade', async (request) => {
      if (!this.http.app.features.upgrade || !JOURNEY_ID.test(journeyId)) return this.notFound(res, request);
      try {
        await this.http.app.upgrades.abandon(journeyId, request.session.civilNumber);
      } catch (error) {
        if (error instanceof IdentityError && error.code === 'journey-unknown') return this.notFound(res, request);
        // Completed or ended already: its page says how.
        if (!(error instanceof IdentityError && error.code === 'journey-closed')) throw error;
      }
      this.http.redirect(res, `/portal/upgrade/${journeyId}`);
    });
  }

  private async statusOf(journeyId: string, civilNumber: string): Promise<UpgradeStatus | undefined> {
    try {
      return await this.http.app.upgrades.status(journeyId, civilNumber);
    } catch (error) {
      // Another person's upgrade is as unknown as none.
      if (error instanceof IdentityError && error.code === 'journey-unknown') return undefined;
      throw error;
    }
  }

  private async activeDevices(request: SessionRequest): Promise<DeviceRecord[]> {
    return (await this.http.app.identities.devices(request.session.civilNumber)).filter((d) => d.status === 'active');
  }

  private async showPick(req: Request, res: Response, request: SessionRequest, status: number, picked?: string, refusal?: UpgradeRefusal): Promise<void> {
    const { civilNumber } = request.session;
    const [identity, devices] = await Promise.all([this.http.app.identities.find(civilNumber), this.activeDevices(request)]);
    if (!identity) return this.http.withoutIdentity(req, res, request.session);
    // HIGH: the page offers the renewal on the devices without a usable signing key.
    const signingKeys = identity.assurance === 'high' ? await this.http.app.upgrades.deviceSigningKeys(civilNumber) : undefined;
    const offered = signingKeys ? signingKeys.filter((k) => k.signingKey !== 'usable').map((k) => k.device) : devices;
    const kept = picked && offered.some((d) => d.serial === picked) ? picked : undefined;
    const context = { ...request.context, path: '/portal/upgrade', keep: kept ? { device: kept } : undefined };
    this.http.send(res, status, upgradePickPage(context, { identity, devices, signingKeys, currentDevice: request.session.device, picked: kept, refusal }));
  }

  /** Too many starts: how long to wait, for clients that read the header. */
  private retryAfter(res: Response, error: IdentityError): void {
    const seconds = error.details.retry_after;
    if (typeof seconds === 'number' && seconds > 0) res.setHeader('retry-after', String(Math.ceil(seconds)));
  }

  private notFound(res: Response, request: SessionRequest): void {
    this.http.send(res, 404, notFoundPage(request.context));
  }
}
