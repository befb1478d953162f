import { ACTION_NAMES, type PendingProposal, type Proposal } from '@theqa/administration';
import type { Bilingual } from '@theqa/kernel';
import { csrfField, dateTime, escapeHtml, ltr, notice, t, table } from './html';
import { layout, type PageContext } from './layout';

/** What the page says after a decision, by the `?done=` it was sent back with. */
export const DONE: Record<string, Bilingual> = {
  approved: { ar: 'تمت الموافقة ونُفّذ الإجراء.', en: 'Approved: the action was carried out.' },
  rejected: { ar: 'رُفض الطلب ولن يُنفَّذ.', en: 'Rejected: the action will not be carried out.' },
};

/** Why a decision could not be taken, by the library's code. */
export const UNDECIDED: Record<string, Bilingual> = {
  'proposal-own': { ar: 'لا يمكنك البتّ في طلب قدّمته بنفسك: يلزم مسؤول ثانٍ.', en: 'You cannot decide a proposal you made yourself: it needs a second administrator.' },
  'proposal-decided': { ar: 'بُتّ في هذا الطلب من قبل.', en: 'This proposal has already been decided.' },
  'proposal-expired': { ar: 'انتهت مهلة هذا الطلب؛ يمكن تقديمه من جديد.', en: 'This proposal has lapsed; it can be proposed again.' },
  'proposal-unknown': { ar: 'لا يوجد طلب بهذا المعرّف.', en: 'There is no proposal with this id.' },
  'action-unavailable': { ar: 'هذا الإجراء غير متاح في هذه المنصة الآن.', en: 'This action is not available on this platform now.' },
  'action-failed': { ar: 'سُجّلت موافقتك، لكن تعذّر تنفيذ الإجراء (ربما تغيّرت الحالة منذ تقديم الطلب)؛ سُجّل الطلب متعذّر التنفيذ، ويمكن تقديمه من جديد بعد مراجعة الحالة.', en: 'Your approval is recorded, but the action could not be carried out (the state may have changed since it was proposed); the proposal is recorded as failed and can be proposed again after checking.' },
};

const STATUS: Record<Proposal['status'], { kind: string; text: Bilingual }> = {
  pending: { kind: 'warn', text: { ar: 'منتهي المهلة', en: 'Lapsed' } },
  approved: { kind: 'warn', text: { ar: 'موافق عليه، قيد التنفيذ', en: 'Approved, being carried out' } },
  executed: { kind: 'good', text: { ar: 'نُفّذ', en: 'Carried out' } },
  failed: { kind: 'bad', text: { ar: 'تعذّر التنفيذ', en: 'Failed' } },
  rejected: { kind: 'bad', text: { ar: 'مرفوض', en: 'Rejected' } },
};

const detailsOf = (details: Record<string, unknown>): string => {
  const entries = Object.entries(details);
  if (!entries.length) return '—';
  return `<ul class="details">${entries.map(([key, value]) => `<li>${escapeHtml(key)}: ${ltr(typeof value === 'string' ? value : JSON.stringify(value))}</li>`).join('')}</ul>`;
};

/**
 * Proposals waiting for a second administrator: what, to what, by whom, until when; approve and
 * reject where this administrator may decide, and why not where they may not.
 */
export function approvalsPage(context: PageContext & { session: NonNullable<PageContext['session']> }, pending: PendingProposal[], recent: Proposal[], message?: { text: Bilingual; kind: 'success' | 'warning' }): string {
  const { lang, session } = context;
  const decide = (p: PendingProposal): string => {
    if (!p.mayDecide) {
      return `<span class="badge" data-testid="cannot-decide" data-why="${p.why}">${t(p.why === 'own' ? { ar: 'طلبك: ينتظر مسؤولاً ثانياً', en: 'Yours: waits for a second administrator' } : { ar: 'أدوارك لا تسمح بالبتّ فيه', en: 'Your roles cannot decide it' }, lang)}</span>`;
    }
    const label = (text: Bilingual) => `${t(text, lang)}<span class="visually-hidden"> ${ltr(p.subject)}</span>`;
    return `<div class="actions">
<form method="post" action="/admin/approvals/${escapeHtml(p.id)}/approve">${csrfField(session.csrfToken)}<button type="submit" data-testid="approve">${label({ ar: 'موافقة', en: 'Approve' })}</button></form>
<form method="post" action="/admin/approvals/${escapeHtml(p.id)}/reject">${csrfField(session.csrfToken)}
<label for="reason-${escapeHtml(p.id)}">${t({ ar: 'سبب الرفض (اختياري)', en: 'Reason for rejecting (optional)' }, lang)}</label>
<input type="text" id="reason-${escapeHtml(p.id)}" name="reason" maxlength="200">
<button type="submit" class="danger" data-testid="reject">${label({ ar: 'رفض', en: 'Reject' })}</button></form>
</div>`;
  };
  return layout(context, {
    title: { ar: 'طلبات الموافقة', en: 'Approvals' },
    body: `${message ? notice(lang, message.text, message.kind) : ''}
<p>${t({ ar: 'الإجراءات الحساسة لا تُنفَّذ إلا بموافقة مسؤول ثانٍ يحمل دوراً يسمح بها، غير من قدّمها. تنتهي مهلة الطلب إن لم يُبتّ فيه.', en: 'Sensitive actions take effect only when a second administrator, holding a role that allows them and other than the one who proposed them, approves. A proposal lapses if nobody decides it.' }, lang)}</p>
${table(lang, {
  caption: { ar: 'طلبات تنتظر مسؤولاً ثانياً', en: 'Waiting for a second administrator' },
  columns: [
    { ar: 'الإجراء', en: 'Action' },
    { ar: 'على', en: 'Subject' },
    { ar: 'التفاصيل', en: 'Details' },
    { ar: 'قدّمه', en: 'Proposed by' },
    { ar: 'في', en: 'Proposed at' },
    { ar: 'تنتهي مهلته', en: 'Lapses at' },
    { ar: 'القرار', en: 'Decision' },
  ],
  rows: pending.map((p) => [t(ACTION_NAMES[p.action], lang), ltr(p.subject), detailsOf(p.details), ltr(p.proposer), dateTime(p.createdAt, lang), dateTime(p.expiresAt, lang), decide(p)]),
  empty: { ar: 'لا توجد طلبات تنتظر موافقة.', en: 'No proposal is waiting for approval.' },
  testId: 'pending-proposals',
})}
<h2>${t({ ar: 'طلبات بُتّ فيها مؤخراً', en: 'Decided lately' }, lang)}</h2>
${table(lang, {
  caption: { ar: 'طلبات بُتّ فيها أو انتهت مهلتها', en: 'Proposals decided or lapsed' },
  columns: [{ ar: 'الإجراء', en: 'Action' }, { ar: 'على', en: 'Subject' }, { ar: 'قدّمه', en: 'Proposed by' }, { ar: 'بتّ فيه', en: 'Decided by' }, { ar: 'الحالة', en: 'Status' }],
  rows: recent.map((p) => [t(ACTION_NAMES[p.action], lang), ltr(p.subject), ltr(p.proposer), p.decidedBy ? ltr(p.decidedBy) : '—', `<span class="badge ${STATUS[p.status].kind}">${t(STATUS[p.status].text, lang)}</span>${p.reason ? ` ${escapeHtml(p.reason)}` : ''}`]),
  empty: { ar: 'لا شيء بعد.', en: 'Nothing yet.' },
  testId: 'recent-proposals',
})}`,
  });
}
