import { All, Controller, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminErrorsFilter } from './http/admin-errors.filter';
import { AdminHttp, languageOf } from './http/admin-http';
import { notFoundPage } from './pages/problem-pages';

/** Whatever else reaches /admin gets the console's own "not found" page. Registered last. */
@Controller('admin')
@UseFilters(AdminErrorsFilter)
export class FallbackController {
  constructor(private readonly http: AdminHttp) {}

  @All(['*path'])
  notFound(@Req() req: Request, @Res() res: Response): void {
    this.http.send(res, 404, notFoundPage(this.http.context(languageOf(req), '/admin')));
  }
}
