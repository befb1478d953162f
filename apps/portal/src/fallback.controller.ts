import { All, Controller, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PortalErrorsFilter } from './http/portal-errors.filter';
import { languageOf, PortalHttp } from './http/portal-http';
import { notFoundPage } from './pages/problem-pages';

/**
 * Whatever else reaches /portal — an unknown path, a method a page does not take — gets the portal's
 * own "not found" page in the person's language. Registered last, after every page's route.
 */
@Controller('portal')
@UseFilters(PortalErrorsFilter)
export class FallbackController {
  constructor(private readonly http: PortalHttp) {}

  @All(['*path', ''])
  notFound(@Req() req: Request, @Res() res: Response): void {
    this.http.send(res, 404, notFoundPage(this.http.context(languageOf(req), '/portal')));
  }
}
