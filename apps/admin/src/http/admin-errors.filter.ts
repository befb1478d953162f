import { Catch, Inject } from '@nestjs/common';
import { FirstPartyErrorsFilter, type ErrorPages } from '@theqa/first-party-web';
import type { Language } from '@theqa/kernel';
import { ADMIN_APP, type AdminAppDependencies } from '../admin-app-dependencies';
import { badRequestPage, failurePage, notFoundPage } from '../pages/problem-pages';

/** The console's pages when something goes wrong (FirstPartyErrorsFilter: which, with what status and log line). */
@Catch()
export class AdminErrorsFilter extends FirstPartyErrorsFilter {
  constructor(@Inject(ADMIN_APP) admin: AdminAppDependencies) {
    super(admin, 'admin');
  }

  protected pages(lang: Language): ErrorPages {
    const context = { lang, path: '/admin' };
    return {
      notFound: () => notFoundPage(context),
      badRequest: (message) => badRequestPage(context, message),
      failure: (outage, requestId) => failurePage(context, outage, requestId),
    };
  }
}
