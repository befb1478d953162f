import { attributeByClaim, type ConsentRecord } from '@theqa/consent';
import type { Bilingual, Language } from '@theqa/kernel';
import { badge, csrfField, dateOnly, dateTime, escapeHtml, facts, notice, t } from './html';
import { layout, type PageContext } from './layout';

/** A consent with what the page shows of its relying party. */
export interface ConsentView {
  consent: ConsentRecord;
  relyingParty: Bilingual;
}

type Session = { session: NonNullable<PageContext['session']> };

export function consentState(consent: ConsentRecord, now: Date): { id: 'in-force' | 'withdrawn' | 'replaced' | 'expired'; kind: string; text: Bilingual } {
  if (consent.withdrawnAt) return { id: 'withdrawn', kind: 'bad', text: { ar: 'مسحوبة', en: 'Withdrawn' } };
  if (consent.replacedAt) return { id: 'replaced', kind: 'neutral', text: { ar: 'استُبدلت بموافقة أحدث', en: 'Replaced by a newer consent' } };
  if (consent.expiresAt <= now) return { id: 'expired', kind: 'warn', text: { ar: 'منتهية', en: 'Expired' } };
  return { id: 'in-force', kind: 'good', text: { ar: 'سارية', en: 'In force' } };
}

const claimLabel = (claim: string, lang: Language) => escapeHtml(attributeByClaim(claim)?.label[lang] ?? claim);

function consentCard(lang: Language, view: ConsentView, now: Date, receipts: boolean): string {
  const { consent } = view;
  const state = consentState(consent, now);
  const ended = consent.withdrawnAt ?? consent.replacedAt;
  const actions = [
    state.id === 'in-force' ? `<a href="/portal/consents/${escapeHtml(consent.id)}/withdraw">${t({ ar: 'سحب الموافقة', en: 'Withdraw this consent' }, lang)}</a>` : '',
    receipts ? `<a href="/portal/consents/${escapeHtml(consent.id)}/receipt" download>${t({ ar: 'تنزيل إيصال الموافقة', en: 'Download the consent receipt' }, lang)}</a>` : '',
  ].filter(Boolean);
  return `<section class="card" aria-labelledby="consent-${escapeHtml(consent.id)}" data-consent="${escapeHtml(consent.id)}" data-client="${escapeHtml(consent.clientId)}" data-state="${state.id}">
<h2 id="consent-${escapeHtml(consent.id)}">${t(view.relyingParty, lang)}</h2>
${facts(lang, [
  [{ ar: 'الحالة', en: 'State' }, `${badge(state.kind, state.text, lang)}${ended ? ` ${dateTime(ended, lang)}` : ''}`],
  [{ ar: 'البيانات المشاركة', en: 'Data shared' }, `<ul class="attributes">${consent.claims.map((c) => `<li>${claimLabel(c, lang)}</li>`).join('')}</ul>`],
  [{ ar: 'غرض المشاركة', en: 'Purpose' }, t(consent.purpose, lang)],
  [{ ar: 'تاريخ الموافقة', en: 'Given' }, dateTime(consent.grantedAt, lang)],
  [{ ar: 'تنتهي في', en: 'Expires' }, dateOnly(consent.expiresAt, lang)],
])}
${actions.length ? `<p class="actions">${actions.join(' ')}</p>` : ''}
</section>`;
}

export function consentsPage(context: PageContext, view: { consents: ConsentView[]; now: Date; receipts: boolean; withdrawn?: ConsentView; problem?: Bilingual }): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'الموافقات على مشاركة البيانات', en: 'Consents to share your data' },
    section: 'consents',
    body: `${view.problem ? notice(lang, view.problem, 'warning') : ''}${
      view.withdrawn
        ? notice(lang, {
            ar: `سُحبت موافقتك لـ ${view.withdrawn.relyingParty.ar}: أُلغي ما صدر لها، وسيُطلب منك الموافقة من جديد عند تسجيل دخولك التالي إليها.`,
            en: `Your consent to ${view.withdrawn.relyingParty.en} is withdrawn: what was issued to it is revoked, and you will be asked again at your next login there.`,
          })
        : ''
    }
<p>${t({ ar: 'الجهات التي وافقت على مشاركة بياناتك معها عند تسجيل الدخول، والبيانات، والغرض. يمكنك سحب أي موافقة سارية.', en: 'The services you agreed to share your data with when you logged in, the data, and the purpose. You can withdraw any consent in force.' }, lang)}</p>
${view.consents.length ? view.consents.map((c) => consentCard(lang, c, view.now, view.receipts)).join('\n') : `<p class="empty">${t({ ar: 'لم تمنح أي موافقة بعد.', en: 'You have not given any consent yet.' }, lang)}</p>`}`,
  });
}

/** The confirmation step before a consent is withdrawn. */
export function withdrawPage(context: PageContext & Session, view: ConsentView): string {
  const { lang } = context;
  const { consent } = view;
  return layout(context, {
    title: { ar: 'سحب الموافقة', en: 'Withdraw a consent' },
    section: 'consents',
    body: `${facts(lang, [
      [{ ar: 'الجهة', en: 'Service' }, t(view.relyingParty, lang)],
      [{ ar: 'البيانات المشاركة', en: 'Data shared' }, `<ul class="attributes">${consent.claims.map((c) => `<li>${claimLabel(c, lang)}</li>`).join('')}</ul>`],
      [{ ar: 'غرض المشاركة', en: 'Purpose' }, t(consent.purpose, lang)],
      [{ ar: 'تاريخ الموافقة', en: 'Given' }, dateTime(consent.grantedAt, lang)],
    ])}
<div class="notice warning"><p>${t({
      ar: `بعد السحب لن تُرسل بياناتك إلى ${view.relyingParty.ar}، وتُلغى الرموز الصادرة لها، وسيُطلب منك الموافقة من جديد عند تسجيل دخولك التالي إليها.`,
      en: `After withdrawal your data is no longer released to ${view.relyingParty.en}, the tokens issued to it are revoked, and you will be asked again at your next login there.`,
    }, lang)}</p></div>
<form method="post" action="/portal/consents/${escapeHtml(consent.id)}/withdraw" class="actions">
${csrfField(context.session.csrfToken)}
<button type="submit" class="danger">${t({ ar: 'نعم، اسحب الموافقة', en: 'Yes, withdraw it' }, lang)}</button>
<a href="/portal/consents">${t({ ar: 'إلغاء', en: 'Cancel' }, lang)}</a>
</form>`,
  });
}
