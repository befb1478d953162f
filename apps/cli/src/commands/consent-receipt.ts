import fs from 'node:fs';
import type { Command } from 'commander';
import { ConsentError, verifyConsentReceipt, type ConsentReceiptContent } from '@theqa/consent';
import { isCivilNumber } from '@theqa/kernel';
import { CliError, type Output } from '../output';
import { withPlatform } from '../platform-session';
import { platformUrl } from './pdf';

/** Where the running platform publishes the receipt keys (the gateway's route). */
export const RECEIPT_KEYS_PATH = '/.well-known/consent-receipt-keys.json';

/**
 * `consent receipt` (an operator, or a test, makes a person's receipt) and `consent verify-receipt`
 * (anyone checks one against the platform's published keys, docs/consent-receipts.md).
 */
export function registerReceiptCommands(consent: Command, output: () => Output): void {
  consent
    .command('receipt')
    .description("write a person's consent receipt (a JWS signed by the platform) to a file")
    .requiredOption('--civil-number <n>', 'the person whose consent it is')
    .requiredOption('--consent <id>', 'the consent id (from consent list)')
    .requiredOption('--out <file>', 'where to write the receipt')
    .action((options: { civilNumber: string; consent: string; out: string }) =>
      withPlatform(async (services) => {
        if (!isCivilNumber(options.civilNumber)) throw new CliError('the civil number is 6 to 12 digits', 'usage', 2);
        let receipt;
        try {
          receipt = await (await services.consentReceipts()).issue(options.consent, options.civilNumber);
        } catch (error) {
          if (error instanceof ConsentError) throw new CliError(error.message, error.code);
          throw error;
        }
        fs.writeFileSync(options.out, receipt.jws + '\n');
        output().result({ file: options.out, file_name: receipt.fileName }, () => `receipt written to ${options.out}`);
      }),
    );

  consent
    .command('verify-receipt')
    .description("check a consent receipt's signature against the platform's published keys, and show what it says")
    .argument('<file>', 'the receipt (.jwt)')
    .option('--keys <file|url>', `the published key set (default: THEQA_URL${RECEIPT_KEYS_PATH})`)
    .action(async (file: string, options: { keys?: string }) => {
      let jws: string;
      try {
        jws = fs.readFileSync(file, 'utf8');
      } catch {
        throw new CliError(`cannot read ${file}`, 'usage', 2);
      }
      const keys = await readKeys(options.keys ?? new URL(RECEIPT_KEYS_PATH, platformUrl()).href);
      let verified;
      try {
        verified = await verifyConsentReceipt(jws, keys.set);
      } catch (error) {
        if (error instanceof ConsentError) throw new CliError(`${file}: ${error.message}`, error.code);
        throw error;
      }
      output().result({ valid: true, kid: verified.kid, keys: keys.source, receipt: verified.receipt }, () => describeReceipt(verified.receipt, verified.kid, keys.source));
    });
}

/** The key set from a file or a URL the user names (never from the receipt itself: it could name its forger's keys). */
async function readKeys(source: string): Promise<{ set: unknown; source: string }> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new CliError(`cannot fetch the published keys from ${source} (${(error as Error).message}); is the platform running, and is THEQA_URL right? Or give --keys FILE`, 'keys-unavailable');
    }
    if (!response.ok) throw new CliError(`cannot fetch the published keys from ${source}: HTTP ${response.status}`, 'keys-unavailable');
    text = await response.text();
  } else {
    try {
      text = fs.readFileSync(source, 'utf8');
    } catch {
      throw new CliError(`cannot read ${source}`, 'usage', 2);
    }
  }
  try {
    return { set: JSON.parse(text), source };
  } catch {
    throw new CliError(`${source} is not JSON: a JSON Web Key Set is expected`, 'receipt-keys-invalid');
  }
}

function describeReceipt(r: ConsentReceiptContent, kid: string, source: string): string {
  const [controller] = r.pii_controllers;
  const both = (text: { ar: string; en: string }) => `${text.en} — ${text.ar}`;
  const c = r.consent;
  const state =
    c.state === 'given' ? `in force until ${c.expires_at}` : c.state === 'withdrawn' ? `withdrawn on ${c.withdrawn_at}` : c.state === 'replaced' ? `replaced by a newer consent on ${c.replaced_at}` : `expired on ${c.expires_at}`;
  const rows: Array<[string, string]> = [
    ['receipt', `${r.receipt.id}, issued ${r.receipt.issued_at} by ${both(r.receipt.issuer.name)} (${r.receipt.issuer.id})`],
    ['consent', r.record_id],
    ['person', `civil number ${r.pii_principal_id}`],
    ['relying party', `${both(controller.name)} [${controller.id}]`],
    ['purpose', r.processing.purposes.map((p) => both(p.description)).join('; ')],
    ['data', r.processing.pii_categories.map((p) => p.label.en).join(', ')],
    ['', r.processing.pii_categories.map((p) => p.label.ar).join('، ')],
    ['given', c.given_at],
    ['expires', c.expires_at],
    ['state', state],
    ['events', c.events.map((e) => `${e.state} ${e.at}`).join(', ')],
    ['lawful basis', `${r.processing.purposes.map((p) => p.lawful_basis).join(', ')} (jurisdiction ${r.jurisdiction})`],
    ['withdraw at', r.processing.withdrawal_method.url],
  ];
  return [`Consent receipt: the signature is valid (key ${kid}, from ${source})`, ...rows.map(([name, value]) => `  ${name.padEnd(14)}${value}`)].join('\n');
}
