import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDeviceSerial } from '@theqa/device-protocol';
import { deviceNameProblem, IdentityError, type DeviceRecord } from '@theqa/identity';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { field, PortalHttp, type SessionRequest } from '../http/portal-http';
import { deviceLostPage, devicesPage, type DevicesNotice } from '../pages/devices-pages';
import { notFoundPage } from '../pages/problem-pages';

/** What a refused name keeps of what was typed: enough to correct it, not a megabyte echoed back. */
const KEPT_CHARACTERS = 200;

/** The person's devices: rename, report lost (with a confirmation step), register a new one. */
@Controller('portal/devices')
@UseFilters(PortalErrorsFilter)
export class DevicesController {
  constructor(private readonly http: PortalHttp) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/devices', async (request) => {
      const devices = await this.http.app.identities.devices(request.session.civilNumber);
      this.show(res, 200, request, devices, { notice: this.noticeOf(req, devices) });
    });
  }

  @Post(':serial/name')
  async rename(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal/devices', async (request) => {
      const { session } = request;
      const devices = await this.http.app.identities.devices(session.civilNumber);
      const device = devices.find((d) => d.serial === serial);
      if (!device) return this.notFound(res, request);
      const typed = field(req, 'name') ?? '';
      const problem = deviceNameProblem(typed);
      if (problem) return this.show(res, 400, request, devices, { problem: { serial, typed: [...typed].slice(0, KEPT_CHARACTERS).join(''), message: problem } });
      try {
        await this.http.app.devices.rename(session.civilNumber, serial, typed, `person:${session.civilNumber}`);
      } catch (error) {
        if (error instanceof IdentityError && error.code === 'device-unknown') {
          return this.show(res, 409, request, devices, { problem: { serial, typed, message: { ar: 'لا يمكن إعادة تسمية جهاز ملغى.', en: 'A revoked device cannot be renamed.' } } });
        }
        throw error;
      }
      this.http.redirect(res, `/portal/devices?renamed=${encodeURIComponent(serial)}`);
    });
  }

  @Get(':serial/lost')
  async confirmLost(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/devices', async (request) => {
      const device = await this.deviceOf(request, serial);
      if (!device || device.status !== 'active') return this.notFound(res, request);
      this.http.send(res, 200, deviceLostPage({ ...request.context, path: `/portal/devices/${serial}/lost` }, device, device.serial === request.session.device));
    });
  }

  @Post(':serial/lost')
  async reportLost(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal/devices', async (request) => {
      const { session } = request;
      if (!(await this.deviceOf(request, serial))) return this.notFound(res, request);
      await this.http.app.devices.reportLost(session.civilNumber, serial, `person:${session.civilNumber}`);
      if (serial === session.device) {
        // This session was the lost device's: it has just ended with the others.
        this.http.cookies.clear(res, this.http.cookies.session);
        return this.http.redirect(res, '/portal/login?ended=lost');
      }
      this.http.redirect(res, `/portal/devices?reported=${encodeURIComponent(serial)}`);
    });
  }

  private async deviceOf(request: SessionRequest, serial: string): Promise<DeviceRecord | undefined> {
    if (!isDeviceSerial(serial)) return undefined;
    return (await this.http.app.identities.devices(request.session.civilNumber)).find((d) => d.serial === serial);
  }

  private noticeOf(req: Request, devices: DeviceRecord[]): DevicesNotice | undefined {
    const of = (name: string) => (typeof req.query[name] === 'string' ? devices.find((d) => d.serial === req.query[name]) : undefined);
    const renamed = of('renamed');
    if (renamed) return { kind: 'renamed', device: renamed };
    const reported = of('reported');
    return reported && reported.status === 'revoked' ? { kind: 'reported', device: reported } : undefined;
  }

  private show(res: Response, status: number, request: SessionRequest, devices: DeviceRecord[], extra: Pick<Parameters<typeof devicesPage>[1], 'problem' | 'notice'>): void {
    this.http.send(res, status, devicesPage(request.context, { devices, currentDevice: request.session.device, ...extra }));
  }

  private notFound(res: Response, request: SessionRequest): void {
    this.http.send(res, 404, notFoundPage(request.context));
  }
}
