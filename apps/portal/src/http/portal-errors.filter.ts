import { Catch, Inject } from '@nestjs/common';
import { FirstPartyErrorsFilter, type ErrorPages } from '@theqa/first-party-web';
import type { Language } from '@theqa/kernel';
import { badRequestPage, failurePage, notFoundPage } from '../pages/problem-pages';
import { PORTAL_APP, type PortalAppDependencies } from '../portal-app-dependencies';

/** The portal's pages when something goes wrong (FirstPartyErrorsFilter: which, with what status and log line). */
@Catch()
export class PortalErrorsFilter extends FirstPartyErrorsFilter {
  constructor(@Inject(PORTAL_APP) private readonly portal: PortalAppDependencies) {
    super(portal, 'portal');
  }

  protected pages(lang: Language): ErrorPages {
    const context = { lang, path: '/portal', features: this.portal.features };
    return {
      notFound: () => notFoundPage(context),
      badRequest: (message) => badRequestPage(context, message),
      failure: (outage, requestId) => failurePage(context, outage, requestId),
    };
  }
}
