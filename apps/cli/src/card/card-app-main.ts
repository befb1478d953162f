import { Command, CommanderError } from 'commander';
import { registerCardAppCommands } from './card-app-commands';

/** `npx theqa card authenticate|get-signing-certificate|sign|unblock …`: the card app on its own. */
export async function runCardApp(argv: string[]): Promise<number> {
  const card = new Command('theqa card')
    .description('the card app (Web eID native app role); JSON out')
    // As `theqa` takes it before any command; the card app answers JSON whether it is given or not.
    .option('--json', 'one JSON document (always)')
    .showHelpAfterError()
    .exitOverride();
  registerCardAppCommands(card);
  try {
    await card.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(JSON.stringify({ error: { code: 'unexpected', message: { ar: 'حدث خطأ غير متوقع', en: 'An unexpected error occurred' }, detail: message } }) + '\n');
    return 1;
  }
}
