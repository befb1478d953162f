import type { Command } from 'commander';
import { assertCivilNumber } from '@theqa/integrations';
import type { PlatformServices } from '@theqa/platform';
import { CliError, type Output } from '../output';
import { withPlatform } from '../platform-session';
import { describePerson, formatPersonList, personDocument, personSummary } from '../registry/person-description';

/**
 * The civil registry the platform is configured with, and the development SMS outbox, for whoever tries
 * the platform: who can register, and the one-time codes "sent" to their phones.
 */
export function registerRegistryCommands(program: Command, output: () => Output): void {
  const registry = program.command('registry').description('the civil registry (listing: the development one) and the development SMS outbox');

  registry
    .command('list')
    .description('every synthetic person (civil number, card, residency, phone, name)')
    .action(() =>
      withStandIns('registry list', async (standIns) => {
        const persons = standIns.persons();
        output().result({ persons: persons.map((p) => personSummary(p, standIns.note)) }, () => formatPersonList(persons, standIns.note));
      }),
    );

  registry
    .command('show')
    .description("one person's registry record, all 22 attributes")
    .requiredOption('--civil-number <n>', 'civil number')
    .action(async (options: { civilNumber: string }) => {
      try {
        assertCivilNumber(options.civilNumber);
      } catch (error) {
        throw new CliError((error as Error).message, 'civil-number-invalid', 2);
      }
      await withPlatform(async (services) => {
        const { registry: civilRegistry, standIns } = await services.externalSystems();
        const person = await civilRegistry.findPerson(options.civilNumber);
        if (!person) throw new CliError(`the registry knows no person with civil number ${options.civilNumber}`, 'person-unknown');
        output().result(personDocument(person, standIns?.note), () => describePerson(person, standIns?.note));
      });
    });

  registry
    .command('sms')
    .description('messages the dev SMS gateway "sent" (newest last)')
    .option('--phone <phone>', 'only to this number (E.164, e.g. +96891234567)')
    .action(async (options: { phone?: string }) => {
      if (options.phone !== undefined && !/^\+\d{8,15}$/.test(options.phone)) throw new CliError('--phone must be in E.164 form, e.g. +96891234567', 'phone-invalid', 2);
      await withStandIns('registry sms', async (standIns) => {
        const messages = await standIns.outbox.list(options.phone);
        output().result({ messages }, () =>
          messages.length ? messages.map((m) => `${m.sentAt}  ${m.to}  ${m.purpose}\n  ${m.text.replace(/\n/g, '\n  ')}`).join('\n') : 'no messages',
        );
      });
    });
}

type StandIns = NonNullable<Awaited<ReturnType<PlatformServices['externalSystems']>>['standIns']>;

/** What only the development stand-ins offer: refused, with the reason, where real systems are configured. */
function withStandIns(command: string, work: (standIns: StandIns) => Promise<void>): Promise<void> {
  return withPlatform(async (services) => {
    const { standIns } = await services.externalSystems();
    if (!standIns) throw new CliError(`\`${command}\` works on the development stand-ins only; this platform is configured with real outside systems`, 'not-development', 2);
    await work(standIns);
  }, { poolSize: 1 });
}
