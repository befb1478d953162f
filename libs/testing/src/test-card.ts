/**
 * An ID card for tests (issue 15): a SoftHSM2 configuration of its own whose blank slots become cards
 * through `npx theqa card personalise`, as the card issuer makes them, and the card app run against it.
 * For the card's own suite, the gateway's ID-card login and the portal's card signing: the stand-in
 * browser extension runs `cardApp` (or the same command line) with `env`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { theqaAsync } from './platform-process';
import { findSoftHsmLibrary } from './softhsm';

/** The card app's answer as JSON.parse gives it: loosely typed, for a test's assertions. */
type CardAnswer = ReturnType<typeof JSON.parse>;

export interface TestCardReader {
  /** SOFTHSM2_CONF of the reader and THEQA_CARD_MODULE: give both to every card command (with the test's own env). */
  env: { SOFTHSM2_CONF: string; THEQA_CARD_MODULE: string };
  dir: string;
  /** `npx theqa card <args…>` against this reader: its exit status and the JSON it answered. */
  cardApp(args: string[], env?: NodeJS.ProcessEnv): Promise<{ status: number | null; body: CardAnswer; stderr: string }>;
  /** Personalises a card for a registry person (throws with the card app's refusal when refused). */
  personalise(options: { civilNumber: string; label: string; pin1?: string; pin2?: string; puk?: string }, env?: NodeJS.ProcessEnv): Promise<TestCard>;
  dispose(): void;
}

export interface TestCard {
  label: string;
  pin1: string;
  pin2: string;
  puk: string;
  /** PEM of the authentication and signing certificates, and their serials, as personalisation answered. */
  authenticationCertificate: string;
  signingCertificate: string;
  authenticationSerial: string;
  signingSerial: string;
}

/** A card reader of its own (its tokens apart from the run's shared SoftHSM configuration). */
export function testCardReader(): TestCardReader {
  const library = findSoftHsmLibrary();
  if (!library) throw new Error('SoftHSM2 is not installed: the test card needs it (apt-get install softhsm2)');
  const dir = mkdtempSync(path.join(tmpdir(), 'theqa-card-'));
  mkdirSync(path.join(dir, 'tokens'), { mode: 0o700 });
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${path.join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`, { mode: 0o600 });
  const readerEnv = { SOFTHSM2_CONF: conf, THEQA_CARD_MODULE: library };
  const cardApp = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const result = await theqaAsync(['card', ...args], { ...env, ...readerEnv });
    let body: CardAnswer;
    try {
      body = JSON.parse(result.stdout || 'null');
    } catch {
      body = { unparsed: result.stdout };
    }
    return { status: result.status, body, stderr: result.stderr };
  };
  return {
    env: readerEnv,
    dir,
    cardApp,
    async personalise(options, env) {
      const card = { label: options.label, pin1: options.pin1 ?? '135790', pin2: options.pin2 ?? '246801', puk: options.puk ?? '11223344' };
      const { status, body, stderr } = await cardApp(['personalise', '--civil-number', options.civilNumber, '--token', card.label, '--pin1', card.pin1, '--pin2', card.pin2, '--puk', card.puk], env);
      if (status !== 0) throw new Error(`card personalise refused: ${JSON.stringify(body)} ${stderr}`);
      const [authentication, signing] = body.tokens;
      return {
        ...card,
        authenticationCertificate: authentication.certificate,
        signingCertificate: signing.certificate,
        authenticationSerial: authentication.certificate_serial,
        signingSerial: signing.certificate_serial,
      };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
