import type { Bilingual } from '@theqa/kernel';
import { attributeByClaim } from '../attribute-catalogue';
import type { ConsentRecord } from '../consent-record';
import { declarationFor } from '../declaration';

/** The JWS `typ` of a receipt; its media type is `application/consent-receipt+jwt`. */
export const CONSENT_RECEIPT_TYPE = 'consent-receipt+jwt';
export const CONSENT_RECEIPT_MEDIA_TYPE = `application/${CONSENT_RECEIPT_TYPE}`;
/** This platform's receipt profile; a change of meaning is a new version, never a silent edit. */
export const CONSENT_RECEIPT_SCHEMA = 'theqa-consent-receipt/1';
export const CONSENT_RECEIPT_STANDARD = 'ISO/IEC TS 27560:2023';

/** Where a consent stands: 27560's event states as the platform knows them. */
export type ConsentState = 'given' | 'replaced' | 'withdrawn' | 'expired';

/**
 * A consent receipt's content: the consent record's information structure of ISO/IEC TS 27560:2023
 * (record header, PII processing, PII information, parties, events) and the receipt's own metadata,
 * as a JWT claims set (`iss`, `sub`, `iat`, `jti`). Field names are 27560's terms in snake_case;
 * texts a person reads come in Arabic and English. docs/consent-receipts.md describes each field.
 */
export interface ConsentReceiptContent {
  iss: string;
  sub: string;
  iat: number;
  jti: string;
  schema_version: typeof CONSENT_RECEIPT_SCHEMA;
  conforms_to: typeof CONSENT_RECEIPT_STANDARD;
  receipt: { id: string; issued_at: string; issuer: { id: string; name: Bilingual } };
  record_id: string;
  pii_principal_id: string;
  language: ['ar', 'en'];
  jurisdiction: string;
  pii_controllers: Array<{ id: string; name: Bilingual; role: 'pii-controller' }>;
  processing: {
    purposes: Array<{ description: Bilingual; lawful_basis: 'consent' }>;
    pii_categories: Array<{ id: string; label: Bilingual }>;
    collection_method: Bilingual;
    recipients: string[];
    privacy_notice: { id: string; title: Bilingual; presented_at: string };
    withdrawal_method: { description: Bilingual; url: string };
  };
  consent: {
    type: 'expressed';
    state: ConsentState;
    given_at: string;
    expires_at: string;
    replaced_at: string | null;
    withdrawn_at: string | null;
    events: Array<{ state: ConsentState; at: string }>;
  };
}

export interface ReceiptContext {
  receiptId: string;
  issuedAt: Date;
  issuer: { id: string; name: Bilingual };
  controller: { clientId: string; name: Bilingual };
  jurisdiction: string;
  withdrawalUrl: string;
}

/** The declaration the person approved at the gateway is the notice of 27560: its identifier here. */
export const CONSENT_NOTICE_ID = 'urn:theqa:notice:declaration-of-use-of-personal-data';

/** The consent as it stands at `context.issuedAt`: a receipt made after a withdrawal shows the withdrawal. */
export function receiptContentOf(record: ConsentRecord, context: ReceiptContext): ConsentReceiptContent {
  const { issuedAt } = context;
  return {
    iss: context.issuer.id,
    sub: record.civilNumber,
    iat: Math.floor(issuedAt.getTime() / 1000),
    jti: context.receiptId,
    schema_version: CONSENT_RECEIPT_SCHEMA,
    conforms_to: CONSENT_RECEIPT_STANDARD,
    receipt: { id: context.receiptId, issued_at: issuedAt.toISOString(), issuer: context.issuer },
    record_id: record.id,
    pii_principal_id: record.civilNumber,
    language: ['ar', 'en'],
    jurisdiction: context.jurisdiction,
    pii_controllers: [{ id: record.clientId, name: context.controller.name, role: 'pii-controller' }],
    processing: {
      purposes: [{ description: record.purpose, lawful_basis: 'consent' }],
      pii_categories: record.claims.map((claim) => ({ id: claim, label: attributeByClaim(claim)?.label ?? { ar: claim, en: claim } })),
      collection_method: {
        ar: 'من السجل المدني عبر بوابة تسجيل الدخول في ثقة (OpenID Connect)، عند كل تسجيل دخول',
        en: "From the civil registry through Theqa's login gateway (OpenID Connect), at each login",
      },
      recipients: [record.clientId],
      privacy_notice: { id: CONSENT_NOTICE_ID, title: declarationFor(context.controller.name, record.claims, record.purpose).heading, presented_at: record.grantedAt.toISOString() },
      withdrawal_method: {
        description: { ar: 'اسحب الموافقة من صفحة الموافقات في بوابة الخدمة الذاتية', en: 'Withdraw the consent on the consents page of the self-service portal' },
        url: context.withdrawalUrl,
      },
    },
    consent: {
      type: 'expressed',
      state: consentState(record, issuedAt),
      given_at: record.grantedAt.toISOString(),
      expires_at: record.expiresAt.toISOString(),
      replaced_at: record.replacedAt?.toISOString() ?? null,
      withdrawn_at: record.withdrawnAt?.toISOString() ?? null,
      events: consentEvents(record, issuedAt),
    },
  };
}

export function consentState(record: ConsentRecord, at: Date): ConsentState {
  if (record.withdrawnAt) return 'withdrawn';
  if (record.replacedAt) return 'replaced';
  return record.expiresAt.getTime() <= at.getTime() ? 'expired' : 'given';
}

/** Given, then how it ended (one of replaced, withdrawn, expired), oldest first. */
function consentEvents(record: ConsentRecord, at: Date): Array<{ state: ConsentState; at: string }> {
  const events: Array<{ state: ConsentState; at: string }> = [{ state: 'given', at: record.grantedAt.toISOString() }];
  const state = consentState(record, at);
  if (state === 'withdrawn') events.push({ state, at: (record.withdrawnAt as Date).toISOString() });
  else if (state === 'replaced') events.push({ state, at: (record.replacedAt as Date).toISOString() });
  else if (state === 'expired') events.push({ state, at: record.expiresAt.toISOString() });
  return events;
}
