import type { PersonOverview, PinStatus } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import { csrfField, dateTime, escapeHtml, ltr, notice, t, table } from './html';
import { layout, type PageContext } from './layout';

/** The support desk's actions as this administrator may take them on this platform. */
export interface PersonActions {
  suspend: boolean;
  restore: boolean;
  pinReset: boolean;
  /** Suspending needs a second administrator's approval (THEQA_ADMIN_FOUR_EYES). */
  suspendNeedsApproval: boolean;
  restoreNeedsApproval: boolean;
  pinResetNeedsApproval: boolean;
}

/** A form's refusal, shown beside its field, with what was typed kept. */
export interface ActionProblem {
  form: 'suspend' | 'restore' | 'pin-reset';
  message: Bilingual;
  typed?: string;
}

/** A pending proposal on this person (from the approvals), shown so that nobody proposes it twice. */
export interface PendingOnPerson {
  action: Bilingual;
  proposer: string;
  createdAt: Date;
}

/** What the page says after an action, by the `?done=` it was sent back with. */
export const PERSON_DONE: Record<string, Bilingual> = {
  suspended: { ar: 'أُوقفت الهوية الرقمية: عُلّقت شهاداتها السارية، وانتهت جلساتها، ويُرفض تسجيل الدخول والتوقيع حتى استعادتها.', en: 'The identity is suspended: its good certificates are on hold, its sessions ended, and logins and signing are refused until it is restored.' },
  'already-suspended': { ar: 'الهوية موقوفة من قبل؛ عُلّق ما بقي من شهاداتها السارية.', en: 'The identity was suspended already; any certificate still good has been put on hold.' },
  'suspend-proposed': { ar: 'قُدّم طلب الإيقاف: لا يسري حتى يوافق عليه مسؤول ثانٍ من صفحة طلبات الموافقة.', en: 'The suspension is proposed: it takes effect only when a second administrator approves it on the Approvals page.' },
  restored: { ar: 'استُعيدت الهوية الرقمية، ورُفع الإيقاف عن الشهادات التي عُلّقت بإيقافها.', en: 'The identity is restored, and the certificates its suspension had put on hold are released.' },
  'not-suspended': { ar: 'الهوية ليست موقوفة؛ لم يتغيّر شيء.', en: 'The identity is not suspended; nothing changed.' },
  'restore-proposed': { ar: 'قُدّم طلب الاستعادة: لا يسري حتى يوافق عليه مسؤول ثانٍ.', en: 'The restore is proposed: it takes effect only when a second administrator approves it.' },
  'pin-reset-required': { ar: 'طُلبت إعادة تعيين الرقم السري: يُرفض تسجيل الدخول والتوقيع حتى يعيد الشخص تعيينه في تطبيق ثقة.', en: 'A PIN reset is required: logins and signing are refused until the person resets the PIN in the Theqa app.' },
  'pin-reset-already': { ar: 'إعادة تعيين الرقم السري مطلوبة من قبل؛ لم يتغيّر شيء.', en: 'A PIN reset was required already; nothing changed.' },
  'pin-reset-proposed': { ar: 'قُدّم طلب إعادة تعيين الرقم السري: لا يسري حتى يوافق عليه مسؤول ثانٍ.', en: 'The PIN reset is proposed: it takes effect only when a second administrator approves it.' },
};

const ASSURANCE: Record<string, Bilingual> = {
  medium: { ar: 'متوسط', en: 'Medium' },
  high: { ar: 'مرتفع', en: 'High' },
};

const PROFILES: Record<string, Bilingual> = {
  'device-authentication': { ar: 'توثيق الجهاز', en: 'Device authentication' },
  'qualified-signing': { ar: 'التوقيع المؤهل', en: 'Qualified signing' },
  'card-authentication': { ar: 'توثيق البطاقة', en: 'Card authentication' },
  'card-qualified-signing': { ar: 'التوقيع المؤهل (البطاقة)', en: 'Qualified signing (card)' },
};

const REVOCATION_REASONS: Record<string, Bilingual> = {
  keyCompromise: { ar: 'فقدان الجهاز أو اختراق المفتاح', en: 'device lost or key compromised' },
  superseded: { ar: 'استُبدلت', en: 'superseded' },
  cessationOfOperation: { ar: 'توقف الاستخدام', en: 'no longer in use' },
  affiliationChanged: { ar: 'تغيّرت البيانات', en: 'details changed' },
  privilegeWithdrawn: { ar: 'سُحب الامتياز', en: 'privilege withdrawn' },
  unspecified: { ar: 'دون سبب محدد', en: 'unspecified' },
};

/** `admin:P+admin:A` (a four-eyes action: proposer and approver) as words. */
function actorText(actor: string, lang: Language): string {
  const [who, approver] = actor.split('+');
  return approver ? `${ltr(who)} ${t({ ar: 'بموافقة', en: 'approved by' }, lang)} ${ltr(approver)}` : ltr(who);
}

/** The PIN state in words: what it means for the person and what ends it. */
export function pinExplanation(pin: PinStatus): Bilingual {
  if (pin.state === 'reset-required') {
    return { ar: 'طلب مكتب المساعدة إعادة تعيين الرقم السري: يُرفض تسجيل الدخول والتوقيع حتى يعيد الشخص تعيينه في تطبيق ثقة بمطابقة الوجه ورمز الرسالة النصية.', en: 'The help desk required a PIN reset: logins and signing are refused until the person resets the PIN in the Theqa app, with a face match and an SMS code.' };
  }
  if (pin.state === 'blocked') {
    return { ar: 'حُظر الرقم السري بعد ثلاث محاولات خاطئة: يعيد الشخص تعيينه في تطبيق ثقة بمطابقة الوجه ورمز الرسالة النصية.', en: 'The PIN is blocked after three wrong entries: the person resets it in the Theqa app, with a face match and an SMS code.' };
  }
  if (pin.failures === 0) return { ar: 'الرقم السري يعمل، ولا محاولات خاطئة.', en: 'The PIN works, with no wrong entries.' };
  return { ar: `الرقم السري يعمل؛ ${pin.failures} محاولة خاطئة متتالية، ويبقى ${pin.attemptsLeft} قبل حظره.`, en: `The PIN works; ${pin.failures} wrong ${pin.failures === 1 ? 'entry' : 'entries'} in a row, ${pin.attemptsLeft} left before it is blocked.` };
}

const PIN_STATE: Record<PinStatus['state'], { kind: string; text: Bilingual }> = {
  ok: { kind: 'good', text: { ar: 'سليم', en: 'OK' } },
  blocked: { kind: 'bad', text: { ar: 'محظور', en: 'Blocked' } },
  'reset-required': { kind: 'bad', text: { ar: 'إعادة التعيين مطلوبة', en: 'Reset required' } },
};

function certificateStatus(c: PersonOverview['certificates'][number], now: Date, lang: Language): string {
  if (c.status === 'revoked') {
    const reason = c.revocationReason && (REVOCATION_REASONS[c.revocationReason] ?? { ar: c.revocationReason, en: c.revocationReason });
    return `<span class="badge bad" data-status="revoked">${t({ ar: 'ملغاة', en: 'Revoked' }, lang)}</span>${reason ? ` ${t(reason, lang)}` : ''}`;
  }
  if (c.status === 'on-hold') {
    const why = c.heldBySuspension ? { ar: 'بإيقاف الهوية؛ تُرفع باستعادتها', en: 'by the identity’s suspension; released when it is restored' } : { ar: 'بقرار من جهة التصديق', en: 'by the CA' };
    return `<span class="badge warn" data-status="on-hold"${c.heldBySuspension ? ' data-held-by-suspension="true"' : ''}>${t({ ar: 'معلّقة', en: 'On hold' }, lang)}</span> ${t(why, lang)}`;
  }
  if (c.notAfter <= now) return `<span class="badge" data-status="expired">${t({ ar: 'منتهية الصلاحية', en: 'Expired' }, lang)}</span>`;
  return `<span class="badge good" data-status="good">${t({ ar: 'سارية', en: 'Good' }, lang)}</span>`;
}

function reasonField(form: ActionProblem['form'], label: Bilingual, required: boolean, problem: ActionProblem | undefined, lang: Language): string {
  const id = `${form}-reason`;
  const mine = problem?.form === form ? problem : undefined;
  return `<label for="${id}">${t(label, lang)}</label>
<input type="text" id="${id}" name="reason" maxlength="500"${required ? ' required aria-required="true"' : ''} value="${escapeHtml(mine?.typed ?? '')}"${mine ? ` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
${mine ? `<p class="error" id="${id}-error" role="alert" data-testid="${form}-error">${t(mine.message, lang)}</p>` : ''}`;
}

const SECOND_PAIR: Bilingual = { ar: 'يتطلب موافقة مسؤول ثانٍ قبل أن يسري.', en: "Needs a second administrator's approval before it takes effect." };

function actionsSection(overview: PersonOverview, actions: PersonActions, csrf: string, problem: ActionProblem | undefined, lang: Language): string {
  const base = `/admin/identities/${escapeHtml(overview.civilNumber)}`;
  const forms: string[] = [];
  const suspended = overview.identity.status === 'suspended';
  if (actions.suspend && !suspended) {
    forms.push(`<section aria-labelledby="suspend-heading" data-testid="suspend-section"><h3 id="suspend-heading">${t({ ar: 'إيقاف الهوية الرقمية', en: 'Suspend the identity' }, lang)}</h3>
<p>${t({ ar: 'تُعلَّق شهاداته السارية، وتنتهي جلساته، ويُرفض تسجيل الدخول والتوقيع حتى الاستعادة.', en: 'Its good certificates go on hold, its sessions end, and logins and signing are refused until it is restored.' }, lang)}${actions.suspendNeedsApproval ? ` <strong data-testid="suspend-four-eyes">${t(SECOND_PAIR, lang)}</strong>` : ''}</p>
<form method="post" action="${base}/suspend">${csrfField(csrf)}
${reasonField('suspend', { ar: 'السبب (مطلوب، يُحفظ في سجل التدقيق)', en: 'Reason (required, kept in the audit log)' }, true, problem, lang)}
<button type="submit" class="danger" data-testid="suspend">${t({ ar: 'إيقاف الهوية', en: 'Suspend' }, lang)}</button></form></section>`);
  }
  if (actions.restore && suspended) {
    forms.push(`<section aria-labelledby="restore-heading" data-testid="restore-section"><h3 id="restore-heading">${t({ ar: 'استعادة الهوية الرقمية', en: 'Restore the identity' }, lang)}</h3>
<p>${t({ ar: 'تعود الهوية نشطة، ويُرفع الإيقاف عن الشهادات التي عُلّقت بإيقافها (لا غيرها).', en: 'The identity is active again, and the certificates its suspension put on hold (and no others) are released.' }, lang)}${actions.restoreNeedsApproval ? ` <strong>${t(SECOND_PAIR, lang)}</strong>` : ''}</p>
<form method="post" action="${base}/restore">${csrfField(csrf)}
${reasonField('restore', { ar: 'السبب (اختياري)', en: 'Reason (optional)' }, false, problem, lang)}
<button type="submit" data-testid="restore">${t({ ar: 'استعادة الهوية', en: 'Restore' }, lang)}</button></form></section>`);
  }
  if (actions.pinReset && overview.pin.state !== 'reset-required') {
    forms.push(`<section aria-labelledby="pin-reset-heading" data-testid="pin-reset-section"><h3 id="pin-reset-heading">${t({ ar: 'طلب إعادة تعيين الرقم السري', en: 'Require a PIN reset' }, lang)}</h3>
<p>${t({ ar: 'يُحظر الرقم السري حتى يعيد الشخص تعيينه في تطبيق ثقة بمطابقة الوجه ورمز الرسالة النصية.', en: 'The PIN is blocked until the person resets it in the Theqa app, with a face match and an SMS code.' }, lang)}${actions.pinResetNeedsApproval ? ` <strong>${t(SECOND_PAIR, lang)}</strong>` : ''}</p>
<form method="post" action="${base}/pin-reset">${csrfField(csrf)}
${reasonField('pin-reset', { ar: 'السبب (مطلوب، يُحفظ في سجل التدقيق)', en: 'Reason (required, kept in the audit log)' }, true, problem, lang)}
<button type="submit" class="danger" data-testid="pin-reset">${t({ ar: 'طلب إعادة التعيين', en: 'Require a reset' }, lang)}</button></form></section>`);
  }
  if (!forms.length) return '';
  return `<h2>${t({ ar: 'الإجراءات', en: 'Actions' }, lang)}</h2>\n${forms.join('\n')}`;
}

/**
 * One person as the support desk sees them: the identity (assurance, status, the open suspension with
 * its reason, time and administrators), devices, certificates with status and expiry, the PIN state in
 * words, recent events in words; and the actions this administrator's roles allow.
 */
export function personPage(
  context: PageContext & { session: NonNullable<PageContext['session']> },
  overview: PersonOverview,
  options: { actions: PersonActions; pending: PendingOnPerson[]; message?: { text: Bilingual; kind: 'success' | 'warning' }; problem?: ActionProblem; now?: Date },
): string {
  const { lang, session } = context;
  const now = options.now ?? new Date();
  const { identity, pin } = overview;
  const suspension = identity.suspension;
  const status =
    identity.status === 'suspended'
      ? `<span class="badge bad">${t({ ar: 'موقوفة', en: 'Suspended' }, lang)}</span>`
      : `<span class="badge good">${t({ ar: 'نشطة', en: 'Active' }, lang)}</span>`;
  const facts = `<dl class="facts" data-testid="identity">
<dt>${t({ ar: 'الرقم المدني', en: 'Civil number' }, lang)}</dt><dd data-testid="civil-number">${ltr(overview.civilNumber)}</dd>
<dt>${t({ ar: 'مستوى الضمان', en: 'Assurance' }, lang)}</dt><dd data-testid="assurance" data-level="${escapeHtml(identity.assurance)}">${t(ASSURANCE[identity.assurance] ?? { ar: identity.assurance, en: identity.assurance }, lang)}</dd>
<dt>${t({ ar: 'الحالة', en: 'Status' }, lang)}</dt><dd data-testid="identity-status" data-status="${escapeHtml(identity.status)}">${status}</dd>
${suspension ? `<dt>${t({ ar: 'سبب الإيقاف', en: 'Suspended because' }, lang)}</dt><dd data-testid="suspension-reason">${escapeHtml(suspension.reason)}</dd>
<dt>${t({ ar: 'أُوقفت في', en: 'Suspended at' }, lang)}</dt><dd>${dateTime(suspension.suspendedAt, lang)}</dd>
<dt>${t({ ar: 'أوقفها', en: 'Suspended by' }, lang)}</dt><dd data-testid="suspended-by">${actorText(suspension.suspendedBy, lang)}</dd>
<dt>${t({ ar: 'شهادات عُلّقت بالإيقاف', en: 'Certificates it put on hold' }, lang)}</dt><dd>${suspension.heldCertificates.length ? suspension.heldCertificates.map((s) => ltr(s)).join('، ') : '—'}</dd>` : ''}
${identity.email ? `<dt>${t({ ar: 'البريد الإلكتروني', en: 'Email' }, lang)}</dt><dd>${ltr(identity.email)}</dd>` : ''}
<dt>${t({ ar: 'سُجّلت في', en: 'Registered at' }, lang)}</dt><dd>${dateTime(identity.createdAt, lang)}</dd>
<dt>${t({ ar: 'الرقم السري', en: 'PIN' }, lang)}</dt><dd data-testid="pin" data-state="${pin.state}"><span class="badge ${PIN_STATE[pin.state].kind}">${t(PIN_STATE[pin.state].text, lang)}</span> ${t(pinExplanation(pin), lang)}${pin.blockedSince ? ` (${t({ ar: 'منذ', en: 'since' }, lang)} ${dateTime(pin.blockedSince, lang)})` : ''}</dd>
</dl>`;
  const pending = options.pending.length
    ? `<div class="notice warning" data-testid="pending-on-person"><p>${t({ ar: 'طلبات على هذا الشخص تنتظر موافقة مسؤول ثانٍ:', en: 'Proposals on this person waiting for a second administrator:' }, lang)}</p><ul>${options.pending
        .map((p) => `<li>${t(p.action, lang)} — ${ltr(p.proposer)}, ${dateTime(p.createdAt, lang)}</li>`)
        .join('')}</ul><p><a href="/admin/approvals">${t({ ar: 'طلبات الموافقة', en: 'Approvals' }, lang)}</a></p></div>`
    : '';
  const devices = table(lang, {
    caption: { ar: 'الأجهزة', en: 'Devices' },
    columns: [{ ar: 'الاسم', en: 'Name' }, { ar: 'الرقم التسلسلي', en: 'Serial' }, { ar: 'المنصة', en: 'Platform' }, { ar: 'الحالة', en: 'Status' }, { ar: 'أُضيف في', en: 'Added at' }],
    rows: overview.devices.map((d) => [
      escapeHtml(d.name),
      ltr(d.serial),
      escapeHtml(d.platform),
      d.status === 'active' ? `<span class="badge good">${t({ ar: 'نشط', en: 'Active' }, lang)}</span>` : `<span class="badge bad">${t({ ar: 'ملغى', en: 'Revoked' }, lang)}</span>`,
      dateTime(d.createdAt, lang),
    ]),
    empty: { ar: 'لا أجهزة.', en: 'No devices.' },
    testId: 'devices',
  });
  const certificates = table(lang, {
    caption: { ar: 'الشهادات', en: 'Certificates' },
    columns: [{ ar: 'النوع', en: 'Kind' }, { ar: 'الرقم التسلسلي', en: 'Serial' }, { ar: 'الجهاز', en: 'Device' }, { ar: 'الحالة', en: 'Status' }, { ar: 'صالحة حتى', en: 'Valid until' }],
    rows: overview.certificates.map((c) => [
      t(PROFILES[c.profile] ?? { ar: c.profile, en: c.profile }, lang),
      `<span data-serial="${escapeHtml(c.serialHex)}">${ltr(c.serialHex)}</span>`,
      c.device ? ltr(c.device) : '—',
      certificateStatus(c, now, lang),
      dateTime(c.notAfter, lang),
    ]),
    empty: { ar: 'لا شهادات.', en: 'No certificates.' },
    testId: 'certificates',
  });
  const events = table(lang, {
    caption: { ar: 'آخر الأحداث', en: 'Recent events' },
    columns: [{ ar: 'الوقت', en: 'Time' }, { ar: 'الحدث', en: 'Event' }, { ar: 'التفاصيل', en: 'Details' }],
    rows: overview.events.map((e) => [dateTime(e.occurredAt, lang), `<span data-event="${escapeHtml(e.event)}">${t(e.description.title, lang)}</span>`, e.description.detail ? t(e.description.detail, lang) : '—']),
    empty: { ar: 'لا أحداث بعد.', en: 'No events yet.' },
    testId: 'events',
  });
  return layout(
    { ...context, path: `/admin/identities/${overview.civilNumber}` },
    {
      title: { ar: `الهوية الرقمية ${overview.civilNumber}`, en: `Digital identity ${overview.civilNumber}` },
      body: `${options.message ? notice(lang, options.message.text, options.message.kind) : ''}${pending}
${facts}
${actionsSection(overview, options.actions, session.csrfToken, options.problem, lang)}
<h2>${t({ ar: 'الأجهزة والشهادات', en: 'Devices and certificates' }, lang)}</h2>
${devices}
${certificates}
<h2>${t({ ar: 'آخر الأحداث', en: 'Recent events' }, lang)}</h2>
${events}
<p><a href="/admin/identities">${t({ ar: 'بحث عن شخص آخر', en: 'Look up someone else' }, lang)}</a></p>`,
    },
  );
}
