import { ROLE_NAMES, type PendingProposal } from '@theqa/administration';
import { escapeHtml, ltr, t } from './html';
import { layout, type PageContext } from './layout';

/** The console's first page: who is logged in, with which roles, and what waits for them. */
export function dashboardPage(context: PageContext & { session: NonNullable<PageContext['session']> }, pending: PendingProposal[]): string {
  const { lang, session } = context;
  const name = session.names[lang] ?? session.names[lang === 'ar' ? 'en' : 'ar'];
  const mine = pending.filter((p) => p.mayDecide).length;
  return layout(context, {
    title: { ar: 'لوحة الإدارة', en: 'Console' },
    body: `<dl class="facts" data-testid="administrator">
<dt>${t({ ar: 'الاسم', en: 'Name' }, lang)}</dt><dd>${name ? escapeHtml(name) : '—'}</dd>
<dt>${t({ ar: 'الرقم المدني', en: 'Civil number' }, lang)}</dt><dd>${ltr(session.civilNumber)}</dd>
<dt>${t({ ar: 'الأدوار', en: 'Roles' }, lang)}</dt><dd><ul class="details" data-testid="roles">${session.administrator.roles.map((role) => `<li data-role="${role}">${t(ROLE_NAMES[role], lang)}</li>`).join('')}</ul></dd>
</dl>
<h2>${t({ ar: 'طلبات تنتظر موافقتك', en: 'Waiting for your approval' }, lang)}</h2>
<p data-testid="pending-count" data-count="${mine}">${t(
      mine === 0
        ? { ar: 'لا توجد طلبات تنتظر موافقتك.', en: 'Nothing is waiting for your approval.' }
        : { ar: `${mine.toLocaleString('ar-OM')} من الطلبات تنتظر موافقة مسؤول ثانٍ يمكنك أن تكونه.`, en: `${mine} proposal(s) wait for a second administrator, which you can be.` },
      lang,
    )} <a href="/admin/approvals">${t({ ar: 'طلبات الموافقة', en: 'Approvals' }, lang)}</a></p>`,
  });
}
