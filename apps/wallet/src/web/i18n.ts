/**
 * Every text of the web wallet, in Arabic and English, from this one dictionary. Arabic is the
 * default (right-to-left); the page's switch flips <html lang dir> and re-renders every
 * `data-i18n` element. Texts that come from the server (problem titles, terms, the "code goes to the
 * phone on record" message) arrive in both languages and are picked with `pick`.
 */
import type { Bilingual, Language } from '@theqa/kernel';

export const DICTIONARY = {
  'app.title': { ar: 'محفظة ثقة', en: 'Theqa wallet' },
  'app.subtitle': { ar: 'الهوية الرقمية الوطنية — التسجيل على هذا المتصفح', en: 'National digital identity — registration on this browser' },
  'app.switch': { ar: 'English', en: 'العربية' },
  'app.dev': { ar: 'بيئة تطوير: قراءة البطاقة والكاميرا والرسائل النصية بدائل تجريبية.', en: 'Development environment: card read, camera and SMS are stand-ins.' },
  'app.progress': { ar: 'الخطوة {n} من {of}', en: 'Step {n} of {of}' },
  'app.busy': { ar: 'يرجى الانتظار…', en: 'Please wait…' },
  'app.restart': { ar: 'البدء من جديد', en: 'Start again' },
  'app.no-crypto': {
    ar: 'هذا المتصفح لا يدعم التشفير المطلوب (WebCrypto و IndexedDB في سياق آمن). استخدم متصفحاً حديثاً عبر HTTPS.',
    en: 'This browser lacks the cryptography needed (WebCrypto and IndexedDB in a secure context). Use a current browser over HTTPS.',
  },

  'card.title': { ar: 'قراءة البطاقة الشخصية', en: 'Read your ID card' },
  'card.intro': {
    ar: 'أدخل الرقم المدني ثم اقرأ بيانات البطاقة الموقعة من الشريحة.',
    en: 'Enter your civil number, then read the signed data from the card chip.',
  },
  'card.civil-number': { ar: 'الرقم المدني', en: 'Civil number' },
  'card.read': { ar: 'قراءة البطاقة', en: 'Read card' },
  'card.file': { ar: 'أو ملف بيانات البطاقة الموقعة (JSON)', en: 'Or a signed card data file (JSON)' },
  'card.no-reader': {
    ar: 'لا يستطيع المتصفح قراءة شريحة البطاقة: اختر ملف بيانات البطاقة الموقعة الذي قرأه تطبيق الهاتف.',
    en: 'A browser cannot read the card chip: choose the signed card data file the phone app read.',
  },
  'card.civil-invalid': { ar: 'الرقم المدني من 6 إلى 12 رقماً.', en: 'The civil number is 6 to 12 digits.' },

  'contact.title': { ar: 'البريد الإلكتروني والهاتف', en: 'Email and phone' },
  'contact.welcome': { ar: 'مرحباً {name} (الرقم المدني {civil}).', en: 'Welcome, {name} (civil number {civil}).' },
  'contact.email': { ar: 'البريد الإلكتروني', en: 'Email' },
  'contact.phone': { ar: 'رقم الهاتف المحمول', en: 'Mobile phone number' },
  'contact.next': { ar: 'متابعة', en: 'Continue' },

  'terms.title': { ar: 'الشروط والأحكام', en: 'Terms and conditions' },
  'terms.version': { ar: 'الإصدار {version}', en: 'Version {version}' },
  'terms.accept-box': { ar: 'قرأت الشروط وأوافق عليها', en: 'I have read and accept the terms' },
  'terms.accept': { ar: 'موافق', en: 'Accept' },
  'terms.must-tick': { ar: 'يجب الموافقة على الشروط للمتابعة.', en: 'You must accept the terms to continue.' },

  'face.title': { ar: 'صورة الوجه', en: 'Your face' },
  'face.intro': {
    ar: 'التقط صورة لوجهك لمطابقتها مع صورتك في سجل الأحوال المدنية.',
    en: 'Take a photo of your face to match it with your civil registry photo.',
  },
  'face.take': { ar: 'التقاط صورة', en: 'Take selfie' },
  'face.file': { ar: 'أو اختر صورة (PNG)', en: 'Or choose a photo (PNG)' },
  'face.send': { ar: 'إرسال الصورة', en: 'Send photo' },
  'face.none': { ar: 'التقط صورة أولاً.', en: 'Take a photo first.' },
  'face.preview': { ar: 'الصورة الملتقطة', en: 'The photo taken' },

  'otp.title': { ar: 'رمز التحقق', en: 'Verification code' },
  'otp.sent': { ar: 'أُرسل رمز من 6 أرقام إلى الهاتف المسجل {phone}.', en: 'A 6-digit code was sent to the phone on record {phone}.' },
  'otp.code': { ar: 'رمز التحقق', en: 'Verification code' },
  'otp.verify': { ar: 'تحقق', en: 'Verify' },
  'otp.resend': { ar: 'إعادة إرسال الرمز', en: 'Send the code again' },
  'otp.resent': { ar: 'أُرسل رمز جديد.', en: 'A new code was sent.' },
  'otp.dev-inbox': { ar: 'صندوق الرسائل النصية (تطوير)', en: 'SMS outbox (development)' },
  'otp.invalid': { ar: 'الرمز من 6 أرقام.', en: 'The code is 6 digits.' },

  'pin.title': { ar: 'اختيار الرقم السري', en: 'Choose your PIN' },
  'pin.intro': {
    ar: 'اختر رقماً سرياً من 6 أرقام يصعب تخمينه. لا يُرسل الرقم السري نفسه أبداً.',
    en: 'Choose a 6-digit PIN that is hard to guess. The PIN itself is never sent.',
  },
  'pin.first': { ar: 'الرقم السري', en: 'PIN' },
  'pin.second': { ar: 'أعد إدخال الرقم السري', en: 'PIN again' },
  'pin.set': { ar: 'تعيين الرقم السري', en: 'Set PIN' },
  'pin.mismatch': { ar: 'الرقمان السريان غير متطابقين.', en: 'The two PINs differ.' },

  'key.title': { ar: 'إنشاء مفتاح الجهاز', en: 'Create the device key' },
  'key.intro': {
    ar: 'سيُنشأ مفتاح خاص على هذا المتصفح لا يمكن تصديره ولا يغادره أبداً، ثم تُصدر شهادة التوثيق الخاصة بك.',
    en: 'A private key is made in this browser; it cannot be exported and never leaves it. Then your authentication certificate is issued.',
  },
  'key.create': { ar: 'إنشاء المفتاح وإصدار الشهادة', en: 'Create key and issue certificate' },

  'done.title': { ar: 'اكتمل التسجيل', en: 'Registration complete' },
  'notifications.title': { ar: 'الإشعارات', en: 'Notifications' },
  'notifications.none': { ar: 'لا توجد إشعارات بعد.', en: 'No notifications yet.' },
  'done.status-title': { ar: 'محفظتك على هذا المتصفح', en: 'Your wallet on this browser' },
  'done.intro': { ar: 'هويتك الرقمية جاهزة على هذا المتصفح.', en: 'Your digital identity is ready on this browser.' },
  'done.name': { ar: 'الاسم', en: 'Name' },
  'done.civil-number': { ar: 'الرقم المدني', en: 'Civil number' },
  'done.assurance': { ar: 'مستوى الضمان', en: 'Assurance level' },
  'done.serial': { ar: 'الرقم التسلسلي للجهاز', en: 'Device serial' },
  'done.device-name': { ar: 'اسم الجهاز', en: 'Device name' },
  'done.registered-at': { ar: 'تاريخ التسجيل', en: 'Registered on' },
  'done.key': { ar: 'المفتاح الخاص', en: 'Private key' },
  'done.key-value': { ar: 'ECDSA P-256، غير قابل للتصدير، محفوظ في هذا المتصفح', en: 'ECDSA P-256, not extractable, kept in this browser' },
  'done.login-title': { ar: 'تسجيل الدخول إلى خدمة', en: 'Log in to a service' },
  'done.login-intro': {
    ar: 'هل تعرض صفحة تسجيل الدخول في خدمة ما رمز استجابة سريعة؟ الصق نصه هنا للموافقة على الدخول.',
    en: "Does a service's login page show a QR code? Paste its text here to approve the login.",
  },
  'done.login-open': { ar: 'إدخال رمز تسجيل الدخول', en: 'Enter a login code' },
  'notifications.review-login': { ar: 'مراجعة الطلب', en: 'Review the request' },
  'assurance.medium': { ar: 'متوسط', en: 'MEDIUM' },
  'assurance.high': { ar: 'مرتفع', en: 'HIGH' },

  'scan.title': { ar: 'رمز تسجيل الدخول', en: 'Login code' },
  'scan.intro': {
    ar: 'لا يستطيع هذا المتصفح تصوير رمز الاستجابة السريعة. انسخ نص الرمز من صفحة تسجيل الدخول (أو الرابط «افتحه من هنا») والصقه هنا.',
    en: 'This browser cannot photograph the QR code. Copy the code\'s text from the login page (or its "open it here" link) and paste it here.',
  },
  'scan.text': { ar: 'نص الرمز', en: "The code's text" },
  'scan.open': { ar: 'عرض الطلب', en: 'Show the request' },
  'scan.back': { ar: 'العودة إلى المحفظة', en: 'Back to the wallet' },
  'scan.empty': { ar: 'الصق نص الرمز أولاً.', en: "Paste the code's text first." },
  'scan.invalid': { ar: 'هذا ليس رمز تسجيل دخول من ثقة.', en: 'This is not a Theqa login code.' },
  'scan.not-login': { ar: 'هذا الرمز ليس طلب تسجيل دخول.', en: 'This code is not a login request.' },
  'scan.foreign-server': {
    ar: 'هذا الرمز لمنصة غير المنصة المسجلة عليها هذه المحفظة؛ لم يُرسل شيء.',
    en: 'This code is for another platform than the one this wallet is registered with; nothing was sent.',
  },
  'scan.expired': { ar: 'انتهت صلاحية هذا الرمز؛ استخدم الرمز الجديد في صفحة تسجيل الدخول.', en: 'This code has expired; use the new code on the login page.' },

  'login.title': { ar: 'طلب تسجيل دخول', en: 'Login request' },
  'login.asks': { ar: 'تطلب {rp} تسجيل دخولك باستخدام هويتك الرقمية.', en: '{rp} asks to log you in with your digital identity.' },
  'login.claims': { ar: 'البيانات المطلوبة', en: 'Data requested' },
  'login.claims-none': { ar: 'لا تُطلب أي بيانات شخصية.', en: 'No personal data is requested.' },
  'login.purpose': { ar: 'الغرض', en: 'Purpose' },
  'login.pick-code': { ar: 'اختر الرقم الظاهر في المتصفح:', en: 'Pick the number your browser shows:' },
  'login.pick-code-hint': { ar: 'اختيار رقم خاطئ يلغي محاولة تسجيل الدخول.', en: 'Picking a wrong number cancels the login attempt.' },
  'login.binding': { ar: 'تأكد أن الخدمة تعرض هذه الرسالة نفسها:', en: 'Check that the service shows this same message:' },
  'login.expires': { ar: 'صالح حتى {time}', en: 'Valid until {time}' },
  'login.pin': { ar: 'الرقم السري', en: 'PIN' },
  'login.approve': { ar: 'موافقة', en: 'Approve' },
  'login.deny': { ar: 'رفض', en: 'Deny' },
  'login.arrived': { ar: 'وصل طلب تسجيل دخول جديد.', en: 'A new login request has arrived.' },
  'login.code-missing': { ar: 'اختر الرقم الظاهر في المتصفح أولاً.', en: 'Pick the number your browser shows first.' },
  'login.pin-invalid': { ar: 'الرقم السري من 6 أرقام.', en: 'The PIN is 6 digits.' },
  'login.expired': { ar: 'انتهت صلاحية هذا الطلب؛ ابدأ تسجيل الدخول من جديد في المتصفح.', en: 'This request has expired; start the login again in the browser.' },
  'login.not-login': { ar: 'هذا الطلب ليس طلب تسجيل دخول لهذا الجهاز.', en: 'This is not a login request for this device.' },
  'login.register-first': {
    ar: 'لا توجد محفظة على هذا المتصفح بعد: سجّل أولاً، ثم امسح رمز تسجيل الدخول من جديد.',
    en: 'There is no wallet on this browser yet: register first, then scan the login code again.',
  },

  'result.approved-title': { ar: 'تمت الموافقة على تسجيل الدخول', en: 'Login approved' },
  'result.approved': { ar: 'عد إلى المتصفح لإكمال تسجيل الدخول إلى {rp}.', en: 'Return to your browser to finish logging in to {rp}.' },
  'result.denied-title': { ar: 'رُفض تسجيل الدخول', en: 'Login refused' },
  'result.denied-on-device': { ar: 'رفضت طلب تسجيل الدخول إلى {rp}؛ سيعرض المتصفح ذلك.', en: 'You refused the login to {rp}; the browser will say so.' },
  'result.wrong-code': {
    ar: 'الرقم الذي اخترته ليس الرقم الظاهر في المتصفح، فأُلغي تسجيل الدخول إلى {rp}. إن كنت أنت من يحاول الدخول فابدأ من جديد في المتصفح.',
    en: 'The number you picked is not the one your browser shows, so the login to {rp} was cancelled. If it is you logging in, start again in the browser.',
  },
  'result.identity-suspended': { ar: 'هويتك الرقمية موقوفة، فلا يمكن تسجيل الدخول إلى {rp}.', en: 'Your digital identity is suspended, so you cannot log in to {rp}.' },
  'result.other': { ar: 'رُفض تسجيل الدخول إلى {rp} ({reason}).', en: 'The login to {rp} was refused ({reason}).' },
  'result.failed-title': { ar: 'تعذر إكمال تسجيل الدخول', en: 'The login could not be completed' },
  'result.failed': { ar: 'انتهت محاولة تسجيل الدخول إلى {rp}. ابدأ من جديد في المتصفح إذا لزم الأمر.', en: 'The login attempt to {rp} is over. Start again in the browser if needed.' },
  'result.back': { ar: 'العودة إلى المحفظة', en: 'Back to the wallet' },

  'done.signing-key': { ar: 'مفتاح التوقيع', en: 'Signing key' },
  'done.signing-key-value': {
    ar: 'ECDSA P-256 منفصل عن مفتاح الجهاز، غير قابل للتصدير، بشهادة توقيع مؤهلة',
    en: 'ECDSA P-256, apart from the device key, not extractable, with a qualified signing certificate',
  },
  'done.signing-title': { ar: 'طلبات التوقيع', en: 'Signing requests' },
  'done.signing-intro': { ar: 'المستندات التي طلبت منك الجهات توقيعها.', en: 'Documents that services have asked you to sign.' },
  'done.signing-open': { ar: 'عرض طلبات التوقيع', en: 'Show signing requests' },
  'notifications.review-signing': { ar: 'عرض طلبات التوقيع', en: 'Show signing requests' },

  'signing.list-title': { ar: 'طلبات التوقيع', en: 'Signing requests' },
  'signing.list-intro': {
    ar: 'اختر طلباً لمراجعة المستند قبل توقيعه. يظهر الرمز نفسه في صفحة الجهة التي طلبت التوقيع.',
    en: 'Choose a request to review the document before you sign it. The same code shows on the page of the service that asked.',
  },
  'signing.empty': { ar: 'لا توجد طلبات توقيع بانتظارك.', en: 'No signing requests are waiting for you.' },
  'signing.refused': {
    ar: 'لم تُعرض طلبات عددها {n} لأن رمزها لا يطابق ما تطلب توقيعه.',
    en: '{n} request(s) not shown: their code does not match what they ask to sign.',
  },
  'signing.refresh': { ar: 'تحديث', en: 'Refresh' },
  'signing.back': { ar: 'العودة إلى المحفظة', en: 'Back to the wallet' },
  'signing.back-list': { ar: 'العودة إلى طلبات التوقيع', en: 'Back to signing requests' },
  'signing.from': { ar: 'من {rp}', en: 'From {rp}' },
  'signing.until': { ar: 'صالح حتى {time}', en: 'Valid until {time}' },
  'signing.code-label': { ar: 'الرمز', en: 'Code' },
  'signing.arrived': { ar: 'وصل طلب توقيع جديد.', en: 'A new signing request has arrived.' },

  'signing.title': { ar: 'طلب توقيع', en: 'Signing request' },
  'signing.asks': { ar: 'تطلب {rp} توقيعك على هذا المستند.', en: '{rp} asks you to sign this document.' },
  'signing.document': { ar: 'المستند', en: 'Document' },
  'signing.relying-party': { ar: 'الجهة الطالبة', en: 'Requested by' },
  'signing.reason': { ar: 'سبب التوقيع', en: 'Reason' },
  'signing.pages': { ar: 'عدد الصفحات', en: 'Pages' },
  'signing.size': { ar: 'الحجم', en: 'Size' },
  'signing.expires': { ar: 'صالح حتى', en: 'Valid until' },
  'signing.code-title': { ar: 'رمز المستند', en: 'Document code' },
  'signing.code-hint': {
    ar: 'تأكد أن صفحة {rp} تعرض الرمز نفسه قبل التوقيع. إن اختلف فلا توقّع.',
    en: 'Check that the page of {rp} shows this same code before you sign. If it differs, do not sign.',
  },
  'signing.preview': { ar: 'الصفحة الأولى من {n}', en: 'Page 1 of {n}' },
  'signing.preview-loading': { ar: 'جارٍ عرض الصفحة الأولى…', en: 'Rendering the first page…' },
  'signing.preview-failed': { ar: 'تعذر عرض المستند؛ لا توقّع ما لم تره.', en: 'The document cannot be shown; do not sign what you have not seen.' },
  'signing.pin': { ar: 'الرقم السري', en: 'PIN' },
  'signing.sign': { ar: 'توقيع', en: 'Sign' },
  'signing.decline': { ar: 'رفض التوقيع', en: 'Decline' },
  'signing.pin-invalid': { ar: 'الرقم السري من 6 أرقام.', en: 'The PIN is 6 digits.' },
  'signing.expired': { ar: 'انتهت صلاحية طلب التوقيع هذا.', en: 'This signing request has expired.' },
  'signing.no-key': {
    ar: 'لا يوجد مفتاح توقيع على هذا الجهاز: من صفحة الترقية في بوابة الخدمة الذاتية ارفع مستوى هويتك إلى المرتفع، أو جدّد مفتاح التوقيع على هذا الجهاز إن كانت هويتك في المستوى المرتفع.',
    en: 'This device has no signing key: on the upgrade page of the self-service portal, upgrade your identity to HIGH, or, if it is HIGH already, renew the signing key on this device.',
  },
  'signing.document-mismatch': {
    ar: 'المستند المستلم ليس المستند الذي يصفه الطلب؛ لا توقّع.',
    en: 'The document received is not the one the request describes; do not sign.',
  },
  'signing.gone': { ar: 'لم يعد هذا الطلب بانتظار توقيعك.', en: 'This request is no longer waiting for your signature.' },
  'signing.register-first': { ar: 'لا توجد محفظة على هذا المتصفح بعد: سجّل أولاً.', en: 'There is no wallet on this browser yet: register first.' },

  'signed.signed-title': { ar: 'تم توقيع المستند', en: 'Document signed' },
  'signed.signed': { ar: 'وقّعت «{document}» لصالح {rp}. ستتسلم الجهة المستند الموقّع.', en: 'You signed "{document}" for {rp}. The service receives the signed document.' },
  'signed.declined-title': { ar: 'رُفض التوقيع', en: 'Signing declined' },
  'signed.declined': { ar: 'رفضت توقيع «{document}» لصالح {rp}؛ ستُبلَّغ الجهة بذلك.', en: 'You declined to sign "{document}" for {rp}; the service is told so.' },
  'signed.blocked-title': { ar: 'الرقم السري محظور', en: 'PIN blocked' },
  'signed.blocked': {
    ar: 'أُدخل رقم سري خاطئ ثلاث مرات، فحُظر التوقيع وتسجيل الدخول. أعد تعيين الرقم السري ثم اطلب من {rp} طلباً جديداً.',
    en: 'A wrong PIN was entered three times, so signing and logging in are blocked. Reset your PIN, then ask {rp} for a new request.',
  },
  'signed.expired-title': { ar: 'انتهت صلاحية الطلب', en: 'Request expired' },
  'signed.expired': { ar: 'انتهت صلاحية طلب توقيع «{document}»؛ اطلب من {rp} طلباً جديداً.', en: 'The request to sign "{document}" has expired; ask {rp} for a new one.' },
  'signed.failed-title': { ar: 'تعذر إكمال التوقيع', en: 'The signature could not be completed' },
  'signed.failed': { ar: 'لم يُوقَّع «{document}» لصالح {rp}.', en: '"{document}" was not signed for {rp}.' },

  'done.upgrade-title': { ar: 'الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level' },
  'done.upgrade-intro': {
    ar: 'للتوقيع على المستندات توقيعاً ملزماً: من بوابة الخدمة الذاتية اختر «إدارة الهوية الرقمية» ثم «الترقية»، واختر هذا الجهاز برقمه التسلسلي، ثم امسح الرمز الظاهر.',
    en: 'To sign documents with legal effect: in the self-service portal choose "manage digital identity", then "upgrade", pick this device by its serial number, then scan the code shown.',
  },
  'done.upgrade-open': { ar: 'إدخال رمز الترقية', en: 'Enter an upgrade code' },

  'upgrade.scan-title': { ar: 'الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level' },
  'upgrade.scan-intro': {
    ar: 'في بوابة الخدمة الذاتية اختر هذا الجهاز ({serial}) وأكد، ثم انسخ نص رمز الاستجابة السريعة الظاهر والصقه هنا (أو افتح رابط «على هذا الجهاز»).',
    en: 'In the self-service portal pick this device ({serial}) and confirm, then copy the text of the QR code shown and paste it here (or open its "on this device" link).',
  },
  'upgrade.qr-text': { ar: 'نص رمز الترقية', en: "The upgrade code's text" },
  'upgrade.scan-open': { ar: 'بدء الترقية', en: 'Start the upgrade' },
  'upgrade.qr-invalid': { ar: 'هذا ليس رمز ترقية من ثقة.', en: 'This is not a Theqa upgrade code.' },
  'upgrade.qr-not-upgrade': {
    ar: 'هذا الرمز ليس رمز ترقية (رمز تسجيل الدخول يُدخل من «إدخال رمز تسجيل الدخول»).',
    en: 'This code is not an upgrade code (a login code goes to "Enter a login code").',
  },
  'upgrade.qr-expired': { ar: 'انتهت صلاحية رمز الترقية؛ حدّث صفحة البوابة والصق الرمز الجديد.', en: 'The upgrade code has expired; refresh the portal page and paste the new code.' },
  'upgrade.register-first': { ar: 'لا توجد محفظة على هذا المتصفح بعد: سجّل أولاً، ثم ارفع مستوى هويتك.', en: 'There is no wallet on this browser yet: register first, then upgrade your identity.' },
  'upgrade.face-intro': {
    ar: 'للترقية، التقط صورة لوجهك لمطابقتها مع صورتك في سجل الأحوال المدنية.',
    en: 'To upgrade, take a photo of your face to match it with your civil registry photo.',
  },
  'upgrade.key-title': { ar: 'إنشاء مفتاح التوقيع', en: 'Create your signing key' },
  'upgrade.key-intro': {
    ar: 'سيُنشأ على هذا المتصفح مفتاح توقيع جديد، منفصل عن مفتاح الجهاز، لا يمكن تصديره ولا يغادره أبداً، وتُصدر له جهة التوقيع للمواطنين شهادة توقيع مؤهلة. أدخل رقمك السري للتأكيد.',
    en: 'A new signing key is made in this browser, apart from the device key; it cannot be exported and never leaves it, and the Citizen Signing CA issues a qualified signing certificate for it. Enter your PIN to confirm.',
  },
  'upgrade.pin': { ar: 'الرقم السري', en: 'PIN' },
  'upgrade.pin-invalid': { ar: 'الرقم السري من 6 أرقام.', en: 'The PIN is 6 digits.' },
  'upgrade.key-create': { ar: 'إنشاء مفتاح التوقيع', en: 'Create the signing key' },
  'upgrade.done-title': { ar: 'هويتك الرقمية في المستوى المرتفع', en: 'Your digital identity is at the high level' },
  'upgrade.done-intro': {
    ar: 'أصبح بإمكانك توقيع المستندات توقيعاً ملزماً قانوناً. ستصل طلبات التوقيع من الجهات إلى «طلبات التوقيع».',
    en: 'You can now sign documents with legal effect. Services\' signing requests arrive in "signing requests".',
  },
  'upgrade.done-certificate': { ar: 'شهادة التوقيع المؤهلة', en: 'Qualified signing certificate' },

  'done.settings-title': { ar: 'الإعدادات والأمان', en: 'Settings and security' },
  'done.settings-intro': { ar: 'الرقم السري: تغييره، أو إعادة تعيينه إن نسيته أو حُظر.', en: 'Your PIN: change it, or reset it if you forgot it or it is blocked.' },
  'done.settings-open': { ar: 'الإعدادات والأمان', en: 'Settings and security' },
  'done.pin-blocked': {
    ar: 'لا يمكن تسجيل الدخول ولا التوقيع بهويتك حتى تعيد تعيين الرقم السري.',
    en: 'You cannot log in or sign with your identity until you reset your PIN.',
  },

  'settings.title': { ar: 'الإعدادات والأمان', en: 'Settings and security' },
  'settings.pin-title': { ar: 'الرقم السري', en: 'PIN' },
  'settings.pin-active': { ar: 'رقمك السري غير محظور.', en: 'Your PIN is not blocked.' },
  'settings.pin-failures': { ar: 'محاولات خاطئة متتالية حتى الآن: {n} من 3.', en: 'Wrong entries in a row so far: {n} of 3.' },
  'settings.pin-unknown': { ar: 'تعذرت معرفة حالة الرقم السري الآن.', en: "The PIN's state cannot be read now." },
  'settings.change': { ar: 'تغيير الرقم السري', en: 'Change PIN' },
  'settings.change-intro': { ar: 'لتغيير الرقم السري تحتاج إلى رقمك السري الحالي.', en: 'To change your PIN you need your current PIN.' },
  'settings.reset': { ar: 'إعادة تعيين الرقم السري', en: 'Reset PIN' },
  'settings.reset-intro': {
    ar: 'نسيت رقمك السري أو حُظر؟ أعد تعيينه بمطابقة الوجه ورمز يصل إلى هاتفك المسجل.',
    en: 'Forgot your PIN, or is it blocked? Reset it with a face match and a code sent to your phone on record.',
  },

  'blocked.title': { ar: 'رقمك السري محظور', en: 'Your PIN is blocked' },
  'blocked.what': {
    ar: 'أُدخل رقم سري خاطئ ثلاث مرات متتالية، فحُظر تسجيل الدخول والتوقيع بهويتك على جميع أجهزتك.',
    en: 'A wrong PIN was entered three times in a row, so logging in and signing with your identity are blocked on all your devices.',
  },
  'blocked.way-out': {
    ar: 'الانتظار لا يرفع الحظر. المخرج هو إعادة تعيين الرقم السري: مطابقة وجهك مع صورتك في سجل الأحوال المدنية، ثم رمز يصل إلى هاتفك المسجل، ثم رقم سري جديد.',
    en: 'Waiting does not lift the block. The way out is a PIN reset: your face matched with your civil registry photo, then a code sent to your phone on record, then a new PIN.',
  },

  'change.title': { ar: 'تغيير الرقم السري', en: 'Change your PIN' },
  'change.intro': {
    ar: 'أدخل رقمك السري الحالي، ثم الرقم الجديد مرتين. تتحقق المنصة من الرقم الحالي، وثلاث محاولات خاطئة متتالية تحظره. لا يُرسل أي من الرقمين نفسه.',
    en: 'Enter your current PIN, then the new one twice. The platform checks the current one, and three wrong entries in a row block it. Neither PIN itself is sent.',
  },
  'change.old': { ar: 'الرقم السري الحالي', en: 'Current PIN' },
  'change.new': { ar: 'الرقم السري الجديد', en: 'New PIN' },
  'change.again': { ar: 'أعد إدخال الرقم السري الجديد', en: 'New PIN again' },
  'change.submit': { ar: 'تغيير الرقم السري', en: 'Change PIN' },
  'change.cancel': { ar: 'إلغاء', en: 'Cancel' },
  'change.done': { ar: 'تغيّر الرقم السري لهذا الجهاز. استخدم الرقم الجديد من الآن.', en: "This device's PIN has changed. Use the new one from now on." },

  'reset.face-title': { ar: 'إعادة تعيين الرقم السري: صورة الوجه', en: 'Reset your PIN: your face' },
  'reset.face-intro': {
    ar: 'تتحقق المنصة من هويتك من جديد: التقط صورة لوجهك لمطابقتها مع صورتك في سجل الأحوال المدنية، ثم أدخل الرمز الذي يصل إلى هاتفك المسجل، ثم اختر رقماً سرياً جديداً.',
    en: 'The platform checks who you are again: take a photo of your face to match it with your civil registry photo, then enter the code sent to your phone on record, then choose a new PIN.',
  },
  'reset.otp-title': { ar: 'إعادة تعيين الرقم السري: رمز التحقق', en: 'Reset your PIN: verification code' },
  'reset.pin-title': { ar: 'اختيار رقم سري جديد', en: 'Choose a new PIN' },
  'reset.pin-intro': {
    ar: 'اختر رقماً سرياً من 6 أرقام يصعب تخمينه. يُنشأ لهذا الجهاز مفتاح جديد لا يمكن تصديره وتصدر له شهادة جديدة، وتُلغى الشهادة القديمة.',
    en: 'Choose a 6-digit PIN that is hard to guess. This device gets a new key, which cannot be exported, and a new certificate; the old certificate is revoked.',
  },
  'reset.submit': { ar: 'إعادة تعيين الرقم السري', en: 'Reset PIN' },
  'reset.cancel': { ar: 'إلغاء إعادة التعيين', en: 'Cancel the reset' },
  'reset.done-title': { ar: 'أُعيد تعيين رقمك السري', en: 'Your PIN has been reset' },
  'reset.done-intro': {
    ar: 'رُفع الحظر؛ استخدم الرقم السري الجديد من الآن. لهذا الجهاز مفتاح جديد وشهادة جديدة، والشهادة القديمة أُلغيت.',
    en: 'The block is lifted; use the new PIN from now on. This device has a new key and a new certificate, and the old certificate is revoked.',
  },
  'reset.ended': { ar: 'انتهت عملية إعادة التعيين هذه؛ ابدأها من جديد.', en: 'This reset has ended; start it again.' },

  'pin.format': { ar: 'الرقم السري من 6 أرقام.', en: 'The PIN is 6 digits.' },
  'pin.protocol': { ar: 'أرسلت المنصة طلباً غير الذي طُلب؛ لم يُرسل شيء.', en: 'The platform sent another request than the one asked for; nothing was sent.' },
  'pin.register-first': { ar: 'لا توجد محفظة على هذا المتصفح بعد: سجّل أولاً.', en: 'There is no wallet on this browser yet: register first.' },

  'error.title': { ar: 'تعذر إكمال الخطوة', en: 'The step could not be completed' },
  'error.attempts-left': { ar: 'المحاولات المتبقية: {n}', en: 'Attempts left: {n}' },
  'error.retry-after': { ar: 'حاول مجدداً بعد {n} ثانية.', en: 'Try again in {n} seconds.' },
  'error.unreachable': { ar: 'تعذر الاتصال بالمنصة. تحقق من الاتصال ثم حاول مجدداً.', en: 'The platform cannot be reached. Check the connection and try again.' },
  'error.unexpected': { ar: 'حدث خطأ غير متوقع.', en: 'Something unexpected went wrong.' },
  'error.journey-ended': { ar: 'انتهت رحلة التسجيل. ابدأ من جديد.', en: 'The registration journey has ended. Start again.' },
} as const satisfies Record<string, Bilingual>;

export type TextKey = keyof typeof DICTIONARY;

export function text(language: Language, key: TextKey, values: Record<string, string | number> = {}): string {
  return DICTIONARY[key][language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** One of a pair the server sent in both languages. */
export function pick(language: Language, pair: { ar?: string; en?: string } | undefined): string {
  return (pair?.[language] ?? pair?.en ?? pair?.ar ?? '').trim();
}
