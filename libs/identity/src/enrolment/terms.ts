/**
 * The terms and conditions a person accepts during registration. The version is recorded with each
 * acceptance; a new text gets a new version and the old acceptances stay as they were.
 */
export const CURRENT_TERMS = {
  version: '2026-01',
  ar:
    'أوافق على أن تستخدم منصة ثقة بياناتي المسجلة لدى الأحوال المدنية لإصدار هويتي الرقمية والتحقق منها، ' +
    'وأن أحافظ على سرية الرقم السري وألا أشاركه مع أحد، وأن أبلغ فوراً عن فقدان جهازي. ' +
    'التوقيع الإلكتروني بهويتي الرقمية ملزم قانوناً.',
  en:
    'I agree that the Theqa platform uses my civil registry data to issue and verify my digital identity, ' +
    'that I keep my PIN secret and share it with no one, and that I report the loss of my device at once. ' +
    'An electronic signature with my digital identity is legally binding.',
} as const;
