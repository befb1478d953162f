import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerCaCommands } from './commands/ca';
import { registerCardCommands } from './commands/card';
import { registerConsentCommands } from './commands/consent';
import { registerDbCommands } from './commands/db';
import { registerRegistryCommands } from './commands/registry';
import { registerOcspCommands } from './commands/ocsp';
import { registerPdfCommands } from './commands/pdf';
import { registerRpCommands } from './commands/rp';
import { CliError, createOutput, type Output } from './output';

const program = new Command('theqa')
  .description('Theqa platform administration: `theqa <group> <command> [--json]`')
  .option('--json', 'print one JSON document instead of text')
  .showHelpAfterError()
  .exitOverride();

const output = (): Output => createOutput(Boolean(program.opts().json));
registerDbCommands(program, output);
registerCaCommands(program, output);
registerAuditCommands(program, output);
registerRegistryCommands(program, output);
registerConsentCommands(program, output);
registerOcspCommands(program, output);
registerRpCommands(program, output);
registerPdfCommands(program, output);
registerCardCommands(program);

async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; usage errors were already printed by commander.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof CliError ? error.code : 'unexpected';
  if (output().json) process.stdout.write(JSON.stringify({ error: { code, message } }) + '\n');
  else process.stderr.write(`theqa: ${message}\n`);
  return error instanceof CliError ? error.exitCode : 1;
}

void main(process.argv);
