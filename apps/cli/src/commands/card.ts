/**
 * `npx theqa card personalise`: the card issuer's step, on the platform (civil registry, CA, audit).
 * The card app's commands (authenticate, get-signing-certificate, sign, unblock) are registered here as
 * well, for `theqa card --help`; tools/bin/theqa.cjs runs them without the platform (card/card-app-main.ts).
 * Every card command answers one JSON document: `{"error": {"code", "message": {"ar", "en"}, …}}` on refusal.
 */
import type { Command } from 'commander';
import { toPem } from '@theqa/ca';
import { assertPersonalisation, personaliseCard, type CardKey } from '@theqa/id-card';
import { assertCardHolder, certificateHolder, IDENTITY_ERRORS, IdentityError } from '@theqa/identity';
import { answer, type Refusal } from '../card/card-answer';
import { cardReader, registerCardAppCommands, withReader, type ReaderOptions } from '../card/card-app-commands';
import { revokeSpoiltCertificates } from '../card/spoilt-card';
import { supersedeEarlierCards } from '../card/supersede-earlier-cards';
import { CliError } from '../output';
import { cliActor as actor, withPlatform } from '../platform-session';

/** Which certificate profile each of the card's keys gets. */
const PROFILE_OF: Record<CardKey, string> = { authentication: 'card-authentication', signing: 'card-qualified-signing' };

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('the ID card: personalisation (card issuer) and the card app (Web eID native app role); JSON out');

  withReader(
    card
      .command('personalise')
      .description("personalise a blank card for a person of the civil registry: keys made on the card, certificates until the card's expiry")
      .requiredOption('--civil-number <n>', 'the holder')
      .requiredOption('--pin1 <pin>', 'PIN1 (authentication), 6 digits')
      .requiredOption('--pin2 <pin>', 'PIN2 (signing), 6 digits')
      .requiredOption('--puk <puk>', 'PUK (unblocks either PIN), 8 digits'),
  ).action((options: ReaderOptions & { civilNumber: string; pin1: string; pin2: string; puk: string }) => answer(() => personalise(options), identityRefusal));

  registerCardAppCommands(card);
}

async function personalise(options: ReaderOptions & { civilNumber: string; pin1: string; pin2: string; puk: string }) {
  if (!options.token) throw new CliError('give the card label with --token', 'usage', 2);
  const card = options.token;
  const personalisation = { card, pin1: options.pin1, pin2: options.pin2, puk: options.puk };
  assertPersonalisation(personalisation);
  const { module } = cardReader(options);
  return withPlatform(async (services) => {
    const { registry } = await services.externalSystems();
    const person = await registry.findPerson(options.civilNumber);
    if (!person) throw new IdentityError('person-unknown', `the civil registry does not know ${options.civilNumber}`);
    // Enrolment's refusals, in its order and words: deceased, card not valid (cancelled), card expired.
    await assertCardHolder(registry, person, person, new Date());
    const holder = await certificateHolder(registry, { civilNumber: person.civil_number }, 'refuse');
    const authority = await services.authority();
    const issued: Partial<Record<CardKey, { serial: string; notAfter: string }>> = {};
    let tokens: Awaited<ReturnType<typeof personaliseCard>>;
    try {
      tokens = await personaliseCard({ ...personalisation, module }, async (key, csr) => {
        const certificate = await authority.issuer.issueForCitizen({ csr, profile: PROFILE_OF[key], identity: holder.identity, cardExpiry: holder.cardExpiry, actor: actor() });
        await authority.ocsp.presign(certificate.issuer, certificate.serialHex);
        issued[key] = { serial: certificate.serialHex, notAfter: certificate.notAfter.toISOString() };
        return certificate.der;
      });
    } catch (error) {
      return revokeSpoiltCertificates(
        Object.values(issued).map((c) => c.serial),
        (request) => authority.revocation.revoke(request),
        actor(),
        error,
      );
    }
    const cardOf = { civilNumber: person.civil_number, cardSerialNumber: person.card_serial_number, cardLabel: card };
    await services.issuedIdCards().record(
      Object.entries(issued).map(([key, certificate]) => ({ ...cardOf, key: key as CardKey, certificateSerial: certificate.serial })),
    );
    // One card at a time: a new card (another registry serial) supersedes the person's earlier ones.
    const superseded = await supersedeEarlierCards(
      { cards: services.issuedIdCards(), revoke: (request) => authority.revocation.revoke(request) },
      cardOf,
      actor(),
    );
    await services.activity().record({
      action: 'card.personalised',
      civilNumber: person.civil_number,
      actor: actor(),
      details: {
        card,
        card_serial_number: person.card_serial_number,
        card_expiry_date: person.card_expiry_date,
        authentication_certificate: issued.authentication?.serial,
        signing_certificate: issued.signing?.serial,
        ...(superseded.length ? { superseded_certificates: superseded } : {}),
      },
    });
    return {
      card,
      civil_number: person.civil_number,
      card_expiry_date: person.card_expiry_date,
      tokens: tokens.map((t) => ({ key: t.key, label: t.label, serial: t.serial, certificate_serial: issued[t.key]?.serial, not_after: issued[t.key]?.notAfter, certificate: toPem(t.certificate) })),
    };
  });
}

function identityRefusal(error: unknown): Refusal | undefined {
  if (!(error instanceof IdentityError)) return undefined;
  const words = IDENTITY_ERRORS[error.code];
  return { body: { code: error.code, message: { ar: words.ar, en: words.en }, detail: error.message, ...error.details }, exitCode: 1 };
}
