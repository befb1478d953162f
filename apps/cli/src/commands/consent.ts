import type { Command } from 'commander';
import { ConsentError, type ConsentRecord, type ConsentService } from '@theqa/consent';
import { isCivilNumber } from '@theqa/kernel';
import { CliError, type Output } from '../output';
import { cliActor as actor, withPlatform } from '../platform-session';
import { registerReceiptCommands } from './consent-receipt';

function describe(c: ConsentRecord): string {
  const state = c.withdrawnAt
    ? `withdrawn ${c.withdrawnAt.toISOString()}`
    : c.replacedAt
      ? `replaced ${c.replacedAt.toISOString()} by a newer consent`
      : c.expiresAt <= new Date()
        ? 'expired'
        : `in force until ${c.expiresAt.toISOString()}`;
  return `${c.id}  ${c.clientId}  ${state}\n  ${c.claims.join(', ')}\n  ${c.purpose.en} — ${c.purpose.ar}`;
}

const json = (c: ConsentRecord) => ({
  id: c.id,
  civil_number: c.civilNumber,
  client_id: c.clientId,
  claims: c.claims,
  purpose: c.purpose,
  granted_at: c.grantedAt.toISOString(),
  expires_at: c.expiresAt.toISOString(),
  withdrawn_at: c.withdrawnAt?.toISOString() ?? null,
  replaced_at: c.replacedAt?.toISOString() ?? null,
});

/** A person's consents to relying parties, as the portal will show them, and their withdrawal. */
export function registerConsentCommands(program: Command, output: () => Output): void {
  const consent = program.command('consent').description("consents to release personal data to relying parties");
  const withService = <T>(work: (service: ConsentService) => Promise<T>): Promise<T> =>
    withPlatform(async (services) => {
      try {
        return await work(await services.consents());
      } catch (error) {
        if (error instanceof ConsentError) throw new CliError(error.message, error.code);
        throw error;
      }
    });

  consent
    .command('list')
    .description("a person's consents, newest first")
    .requiredOption('--civil-number <n>', 'civil number')
    .action((options: { civilNumber: string }) =>
      withService(async (service) => {
        if (!isCivilNumber(options.civilNumber)) throw new CliError('the civil number is 6 to 12 digits', 'usage', 2);
        const consents = await service.list(options.civilNumber);
        output().result({ consents: consents.map(json) }, () => (consents.length ? consents.map(describe).join('\n') : 'no consents'));
      }),
    );

  consent
    .command('withdraw')
    .description('withdraw a consent: the relying party gets nothing more, and the next login asks again')
    .requiredOption('--id <id>', 'the consent id (from consent list)')
    .action((options: { id: string }) =>
      withService(async (service) => {
        const withdrawn = await service.withdraw(options.id, actor());
        output().result(json(withdrawn), () => `withdrawn: ${describe(withdrawn)}`);
      }),
    );

  registerReceiptCommands(consent, output);
}
