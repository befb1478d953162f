import type { Command } from 'commander';
import { verifyAuditChain } from '@theqa/audit';
import { readAuditChain } from '@theqa/persistence';
import { CliError, type Output } from '../output';
import { withPlatform } from '../platform-session';

export function registerAuditCommands(program: Command, output: () => Output): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description('recompute the whole chain and name the first broken link')
    .action(() =>
      withPlatform(async (services) => {
        const result = await verifyAuditChain(readAuditChain(services.database.dataSource));
        const { firstBroken: broken, head } = result;
        if (broken) {
          if (output().json) output().result(result, () => '');
          throw new CliError(`the audit chain is broken at entry ${broken.seq}: ${broken.reason} (${result.checked} entries before it verified)`, 'audit-chain-broken');
        }
        output().result(result, () => (head ? `audit chain intact: ${result.checked} entries, head ${head.hash}` : 'the audit log is empty'));
      }, { poolSize: 1 }),
    );
}
