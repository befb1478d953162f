import type { Bilingual } from '@theqa/kernel';
import { attributeByClaim } from './attribute-catalogue';

/**
 * The declaration of use of personal data the person approves (the guide's "إقرار باستخدام بياناتك
 * الشخصية"): the relying party, the data listed by label in catalogue order, and the purpose.
 */
export interface Declaration {
  heading: Bilingual;
  intro: Bilingual;
  sharedWith: Bilingual;
  attributes: Array<{ claim: string; label: Bilingual }>;
  purposeHeading: Bilingual;
  purpose: Bilingual;
  agree: Bilingual;
}

export function declarationFor(relyingParty: Bilingual, claims: readonly string[], purpose: Bilingual): Declaration {
  return {
    heading: { ar: 'الموافقة على معالجة البيانات', en: 'Consent to the processing of your data' },
    intro: {
      ar: 'نحن نقدر خصوصيتك. قبل المتابعة، يُرجى مراجعة المعلومات أدناه وتقديم موافقتك.',
      en: 'We value your privacy. Before you continue, please review the information below and give your consent.',
    },
    sharedWith: { ar: `البيانات التي سيتم مشاركتها مع ${relyingParty.ar}:`, en: `The data that will be shared with ${relyingParty.en}:` },
    attributes: claims.flatMap((claim) => {
      const attribute = attributeByClaim(claim);
      return attribute ? [{ claim, label: attribute.label }] : [];
    }),
    purposeHeading: { ar: 'غرض المشاركة:', en: 'Purpose of sharing:' },
    purpose,
    agree: { ar: 'أوافق', en: 'I agree' },
  };
}
