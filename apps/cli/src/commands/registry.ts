import type { Command } from 'commander';
import { SyntheticCivilRegistry, testPersonNote } from '@theqa/dev-standins';
import { assertCivilNumber } from '@theqa/integrations';
import { openDatabase, PostgresSmsOutbox } from '@theqa/persistence';
import { CliError, type Output } from '../output';
import { describePerson, formatPersonList, personDocument, personSummary } from '../registry/person-description';

/**
 * The development civil registry and SMS outbox, for whoever tries the platform: who can register,
 * and the one-time codes "sent" to their phones.
 */
export function registerRegistryCommands(program: Command, output: () => Output): void {
  const registry = program.command('registry').description('the development civil registry and SMS outbox');

  registry
    .command('list')
    .description('every synthetic person (civil number, card, residency, phone, name)')
    .action(() => {
      const persons = new SyntheticCivilRegistry().listPersons();
      output().result({ persons: persons.map((p) => personSummary(p, testPersonNote)) }, () => formatPersonList(persons, testPersonNote));
    });

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
      const person = await new SyntheticCivilRegistry().findPerson(options.civilNumber);
      if (!person) throw new CliError(`the registry knows no person with civil number ${options.civilNumber}`, 'person-unknown');
      output().result(personDocument(person, testPersonNote), () => describePerson(person, testPersonNote));
    });

  registry
    .command('sms')
    .description('messages the dev SMS gateway "sent" (newest last)')
    .option('--phone <phone>', 'only to this number (E.164, e.g. +96891234567)')
    .action(async (options: { phone?: string }) => {
      if (options.phone !== undefined && !/^\+\d{8,15}$/.test(options.phone)) throw new CliError('--phone must be in E.164 form, e.g. +96891234567', 'phone-invalid', 2);
      const database = await openDatabase({ applicationName: 'theqa-cli', poolSize: 1 });
      try {
        const messages = await new PostgresSmsOutbox(database.dataSource).list(options.phone);
        output().result({ messages }, () =>
          messages.length ? messages.map((m) => `${m.sentAt}  ${m.to}  ${m.purpose}\n  ${m.text.replace(/\n/g, '\n  ')}`).join('\n') : 'no messages',
        );
      } finally {
        await database.close();
      }
    });
}
