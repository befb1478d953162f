import type { IdentityRecord } from '@theqa/identity';
import { dateTime, t } from './html';
import { layout, type PageContext } from './layout';

/**
 * The PIN lives on the device and only there: the portal never asks for it. This page says where to
 * change it (with the old PIN), how to reset it (face match and SMS code), and what a block means.
 */
export function pinPage(context: PageContext, identity: IdentityRecord): string {
  const { lang } = context;
  const blocked = identity.pinBlockedAt
    ? `<div class="notice warning" data-testid="pin-blocked"><h2>${t({ ar: 'رقمك السري محظور الآن', en: 'Your PIN is blocked now' }, lang)}</h2>
<p>${t({ ar: 'حُظر منذ', en: 'Blocked since' }, lang)} ${dateTime(identity.pinBlockedAt, lang)}. ${t({ ar: 'المخرج الوحيد هو إعادة التعيين أدناه؛ لا يرفع الانتظار الحظر.', en: 'The way out is the reset below; waiting does not lift the block.' }, lang)}</p></div>`
    : `<p data-testid="pin-state">${t({ ar: 'رقمك السري غير محظور.', en: 'Your PIN is not blocked.' }, lang)}${identity.pinFailures ? ` ${t({ ar: `محاولات خاطئة متتالية حتى الآن: ${identity.pinFailures} من 3.`, en: `Wrong attempts in a row so far: ${identity.pinFailures} of 3.` }, lang)}` : ''}</p>`;
  return layout(context, {
    title: { ar: 'الرقم السري', en: 'PIN' },
    section: 'pin',
    body: `${blocked}
<p>${t({ ar: 'الرقم السري من ستة أرقام ويبقى على جهازك: يتحقق منه المنصة دون أن تعرفه، ولا تطلبه هذه البوابة أبداً.', en: 'Your PIN has six digits and stays on your device: the platform checks it without learning it, and this portal never asks for it.' }, lang)}</p>
<section aria-labelledby="pin-change">
<h2 id="pin-change">${t({ ar: 'تغيير الرقم السري', en: 'Changing your PIN' }, lang)}</h2>
<p>${t({ ar: 'يتم التغيير في تطبيق ثقة ويتطلب الرقم السري الحالي:', en: 'You change it in the THEQA app, with your current PIN:' }, lang)}</p>
<ol class="steps">
<li>${t({ ar: 'من القائمة الجانبية اختر «الإعدادات والأمان».', en: 'In the side menu, choose "Settings and security".' }, lang)}</li>
<li>${t({ ar: 'اضغط «تغيير الرقم السري»، وأدخل الرقم الحالي ثم الرقم الجديد مرتين.', en: 'Tap "Change PIN", enter the current PIN, then the new one twice.' }, lang)}</li>
</ol>
<p>${t({ ar: 'في المحفظة الإلكترونية على المتصفح: «الإعدادات والأمان» ثم «تغيير الرقم السري».', en: 'In the web wallet in a browser: "Settings and security", then "Change PIN".' }, lang)} <a href="/wallet/#settings">${t({ ar: 'فتح المحفظة الإلكترونية', en: 'Open the web wallet' }, lang)}</a></p>
<p>${t({ ar: 'في محفظة سطر الأوامر:', en: 'With the command-line wallet:' }, lang)} <code dir="ltr">npx theqa wallet --home DIR pin change --pin OLD --new-pin NEW</code></p>
</section>
<section aria-labelledby="pin-reset">
<h2 id="pin-reset">${t({ ar: 'إعادة تعيين الرقم السري (نسيته أو حُظر)', en: 'Resetting your PIN (forgotten or blocked)' }, lang)}</h2>
<p>${t({ ar: 'تتحقق المنصة من هويتك من جديد بمطابقة الوجه مع صورتك في السجل المدني، ثم برمز يصل إلى هاتفك المسجل، ثم تختار رقماً سرياً جديداً. إعادة التعيين ترفع الحظر.', en: 'The platform checks who you are again, by matching your face with your civil-registry photo and by a code sent to your phone on record; then you choose a new PIN. A reset lifts the block.' }, lang)}</p>
<ol class="steps">
<li>${t({ ar: 'من القائمة الجانبية في تطبيق ثقة اختر «الإعدادات والأمان».', en: 'In the THEQA app\'s side menu, choose "Settings and security".' }, lang)}</li>
<li>${t({ ar: 'اختر «إعادة تعيين الرقم السري» واتبع التعليمات: صورة الوجه، ثم رمز التحقق، ثم الرقم السري الجديد مرتين.', en: 'Choose "Reset PIN" and follow the steps: a selfie, then the verification code, then the new PIN twice.' }, lang)}</li>
</ol>
<p>${t({ ar: 'في المحفظة الإلكترونية على المتصفح: «الإعدادات والأمان» ثم «إعادة تعيين الرقم السري» (ويظهر الزر نفسه مع الرقم السري المحظور).', en: 'In the web wallet in a browser: "Settings and security", then "Reset PIN" (a blocked PIN shows the same button).' }, lang)} <a href="/wallet/#settings">${t({ ar: 'فتح المحفظة الإلكترونية', en: 'Open the web wallet' }, lang)}</a></p>
<p>${t({ ar: 'في محفظة سطر الأوامر:', en: 'With the command-line wallet:' }, lang)} <code dir="ltr">npx theqa wallet --home DIR pin reset --new-pin NEW</code></p>
<p>${t({ ar: 'إعادة التعيين تمنح الجهاز مفتاحاً وشهادة جديدين، وتُلغى الشهادة القديمة. تحتفظ المحفظة الإلكترونية بمفتاح التوقيع إن كان لديها؛ أما محفظة سطر الأوامر فتفقد مفتاح توقيعها، لأنه كان مختوماً بما تستبدله إعادة التعيين، فلا توقّع من ذلك الجهاز بعدها.', en: 'A reset gives the device a new key and certificate, and the old certificate is revoked. The web wallet keeps its signing key, if it has one; the command-line wallet loses its signing key, which was sealed under what the reset replaces, so that device can no longer sign.' }, lang)}</p>
</section>
<section aria-labelledby="pin-block">
<h2 id="pin-block">${t({ ar: 'متى يُحظر الرقم السري', en: 'When the PIN is blocked' }, lang)}</h2>
<p>${t({ ar: 'بعد ثلاث محاولات خاطئة متتالية على أي من أجهزتك يُحظر تسجيل الدخول والتوقيع بهويتك، حتى تعيد تعيين الرقم السري. المحاولة الصحيحة تعيد العدّ إلى الصفر.', en: 'After three wrong attempts in a row, on any of your devices, logging in and signing with your identity are blocked until you reset the PIN. A right attempt sets the count back to zero.' }, lang)}</p>
</section>`,
  });
}
