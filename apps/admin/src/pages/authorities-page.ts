import type { AuthorityOverview, ExpiryWarning } from '@theqa/ca-service';
import type { Bilingual } from '@theqa/kernel';
import { inputError } from './ca-labels';
import { csrfField, dateTime, escapeHtml, ltr, notice, t, table } from './html';
import { layout, type PageContext } from './layout';

/** A CRL just published, as the page reports it. */
export interface PublishedCrl {
  issuer: string;
  crlNumber: string;
  entries: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface AuthoritiesView {
  authorities: AuthorityOverview[];
  warnings: ExpiryWarning[];
  warningDays: number;
  crlIssuers: string[];
  mayPublish: boolean;
  published?: PublishedCrl[];
  message?: { text: Bilingual; kind: 'success' | 'warning' };
  error?: Bilingual;
}

const EXPIRY: Record<AuthorityOverview['expiry'], { kind: string; text: Bilingual }> = {
  valid: { kind: 'good', text: { ar: 'صالحة', en: 'Valid' } },
  expiring: { kind: 'warn', text: { ar: 'تقترب من الانتهاء', en: 'Expiring soon' } },
  expired: { kind: 'bad', text: { ar: 'منتهية', en: 'Expired' } },
};

/**
 * The CAs and the other authorities of the hierarchy: subject, validity, days left, where the key is
 * (software or PKCS#11 token, with its label; never key material); the expiry warnings of CA and
 * responder certificates; and "publish a CRL now", for one CA or all, with what it published.
 */
export function authoritiesPage(context: PageContext & { session: NonNullable<PageContext['session']> }, view: AuthoritiesView): string {
  const { lang, session } = context;
  const keyStore = (a: AuthorityOverview): string => {
    const store = a.key.store;
    const where =
      store.kind === 'pkcs11'
        ? `${t({ ar: 'وحدة أمان (PKCS#11)', en: 'HSM (PKCS#11)' }, lang)}: ${t({ ar: 'الرمز', en: 'token' }, lang)} ${ltr(store.tokenLabel)}, ${ltr(store.library)}`
        : `${t({ ar: 'برمجي (مفاتيح مشفرة)', en: 'Software (encrypted keys)' }, lang)}: ${ltr(store.directory)}`;
    return `<span data-testid="key-store" data-kind="${store.kind}">${where}</span><br>${t({ ar: 'تسمية المفتاح', en: 'Key label' }, lang)}: ${ltr(a.key.label)} (${ltr(a.key.algorithm)})`;
  };
  const warnings = view.warnings.length
    ? `<ul class="warnings" data-testid="expiry-warnings" data-count="${view.warnings.length}">${view.warnings.map((w) => `<li class="${w.expired ? 'error' : ''}" data-authority="${escapeHtml(w.authority)}">${t(w.message, lang)}</li>`).join('')}</ul>`
    : `<p data-testid="expiry-warnings" data-count="0">${t({ ar: `لا تنتهي صلاحية أي شهادة جهة تصديق أو مستجيب خلال ${view.warningDays.toLocaleString('ar-OM')} يوماً.`, en: `No CA or responder certificate expires within ${view.warningDays} days.` }, lang)}</p>`;
  const publishForm = view.mayPublish
    ? `<form method="post" action="/admin/ca/crls" data-testid="publish-crl">${csrfField(session.csrfToken)}
<div class="fields"><div class="field"><label for="crl-ca">${t({ ar: 'جهة التصديق', en: 'CA' }, lang)}</label><select id="crl-ca" name="ca"><option value="all">${t({ ar: 'كل الجهات', en: 'Every CA' }, lang)}</option>${view.crlIssuers.map((ca) => `<option value="${escapeHtml(ca)}">${escapeHtml(ca)}</option>`).join('')}</select></div></div>
<button type="submit">${t({ ar: 'نشر قائمة الإلغاء الآن', en: 'Publish a CRL now' }, lang)}</button></form>`
    : `<p>${t({ ar: 'تُنشر قوائم الإلغاء عند كل تغيير في حالة شهادة، وعلى جدول منتظم.', en: 'CRLs are published on every change of a certificate status, and on a schedule.' }, lang)}</p>`;
  const published = view.published
    ? table(lang, {
        caption: { ar: 'قوائم الإلغاء المنشورة الآن', en: 'CRLs published now' },
        columns: [{ ar: 'جهة التصديق', en: 'CA' }, { ar: 'رقم القائمة', en: 'CRL number' }, { ar: 'الشهادات فيها', en: 'Entries' }, { ar: 'صدرت', en: 'This update' }, { ar: 'التالية قبل', en: 'Next update' }, { ar: 'القائمة', en: 'The CRL' }],
        rows: view.published.map((c) => [ltr(c.issuer), ltr(c.crlNumber), ltr(c.entries), dateTime(c.thisUpdate, lang), dateTime(c.nextUpdate, lang), `<a href="/ca/crl/${escapeHtml(c.issuer)}.crl" data-issuer="${escapeHtml(c.issuer)}">${escapeHtml(c.issuer)}.crl</a>`]),
        empty: { ar: 'لم تُنشر أي قائمة.', en: 'No CRL was published.' },
        testId: 'published-crls',
      })
    : '';
  return layout(context, {
    title: { ar: 'جهات التصديق', en: 'Certificate authorities' },
    body: `${view.message ? notice(lang, view.message.text, view.message.kind) : ''}${view.error ? inputError(view.error) : ''}
<h2>${t({ ar: 'تنبيهات انتهاء الصلاحية', en: 'Expiry warnings' }, lang)}</h2>
${warnings}
${table(lang, {
  caption: { ar: 'جهات التصديق والمستجيبون ومفاتيحهم', en: 'The authorities, their certificates and keys' },
  columns: [{ ar: 'الجهة', en: 'Authority' }, { ar: 'الاسم المميز', en: 'Subject' }, { ar: 'الصلاحية', en: 'Validity' }, { ar: 'الأيام المتبقية', en: 'Days left' }, { ar: 'المفتاح', en: 'Key' }],
  rows: view.authorities.map((a) => [
    `<strong>${ltr(a.name)}</strong><br>${t(a.roleLabel, lang)}${a.issuer && a.issuer !== a.name ? `<br>${t({ ar: 'أصدرتها', en: 'issued by' }, lang)} ${ltr(a.issuer)}` : ''}`,
    `${ltr(a.subject)}<br><code dir="ltr">${escapeHtml(a.serialHex)}</code>`,
    `${dateTime(a.notBefore, lang)} —<br>${dateTime(a.notAfter, lang)}`,
    `<span data-testid="days-left" data-authority="${escapeHtml(a.name)}">${ltr(a.daysLeft)}</span> <span class="badge ${EXPIRY[a.expiry].kind}">${t(EXPIRY[a.expiry].text, lang)}</span>`,
    keyStore(a),
  ]),
  empty: { ar: 'لم تُهيّأ جهات التصديق بعد.', en: 'The hierarchy is not initialised yet.' },
  testId: 'authorities',
})}
<h2>${t({ ar: 'قوائم الإلغاء', en: 'Certificate revocation lists' }, lang)}</h2>
${publishForm}
${published}`,
  });
}
