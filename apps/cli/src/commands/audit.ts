import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { checkpointDigest, checkpointStatement, keyFingerprint, type AuditCheckpoint, type AuditVerification } from '@theqa/audit';
import { toPem } from '@theqa/ca';
import { readAuditCheckpoints } from '@theqa/persistence';
import { CliError, type Output } from '../output';
import { withPlatform } from '../platform-session';

export function registerAuditCommands(program: Command, output: () => Output): void {
  const audit = program.command('audit').description('the hash-chained audit log and its signed checkpoints');

  audit
    .command('verify')
    .description('check the chain, its stored head and every checkpoint; name the first entry that cannot be vouched for (exit 0 intact, 1 broken)')
    .option('--known-checkpoint <number:digest>', 'a checkpoint recorded earlier (as verify printed it) that must still be there; repeatable', collect, [])
    .action((options: { knownCheckpoint: string[] }) =>
      withPlatform(async (services) => {
        const result = await services.verifyAuditLog({ known: options.knownCheckpoint.map(parseKnown) });
        output().result(result, () => describe(result));
        if (!result.ok) process.exitCode = 1;
      }, { poolSize: 1 }),
    );

  audit
    .command('checkpoint')
    .description('sign a checkpoint of the chain head now (the running platform does so at its interval and at shutdown)')
    .action(() =>
      withPlatform(async (services) => {
        const checkpoint = await services.auditCheckpoints().checkpoint();
        const summary = checkpoint && { number: checkpoint.number, seq: checkpoint.chainSeq, at: checkpoint.at.toISOString(), digest: checkpointDigest(checkpoint).toString('hex') };
        output().result({ written: Boolean(checkpoint), checkpoint: summary }, () =>
          summary ? `checkpoint #${summary.number} of entry #${summary.seq} (digest ${summary.digest})` : 'nothing to checkpoint: the latest checkpoint already covers the head',
        );
      }, { poolSize: 1 }),
    );

  audit
    .command('export')
    .description('write every checkpoint as files an auditor checks with openssl alone (docs/security/audit.md)')
    .requiredOption('--out <dir>', 'folder to write into')
    .action((options: { out: string }) =>
      withPlatform(async (services) => {
        const checkpoints = await readAuditCheckpoints(services.database.dataSource);
        const ca = await services.authority();
        const written = exportCheckpoints(options.out, checkpoints, { tsa: ca.authorities.get('theqa-tsa').certificateDer, root: ca.authorities.get('theqa-root-ca').certificateDer });
        output().result({ directory: path.resolve(options.out), checkpoints: written }, () => `${written} checkpoint(s) written to ${options.out}`);
      }, { poolSize: 1 }),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseKnown(value: string): { number: number; digest: string } {
  const match = /^#?(\d+):([0-9a-fA-F]{64})$/.exec(value);
  if (!match) throw new CliError(`--known-checkpoint takes <number>:<digest> as verify prints them (got ${JSON.stringify(value)})`, 'usage', 2);
  return { number: Number(match[1]), digest: match[2].toLowerCase() };
}

function describe(result: AuditVerification): string {
  const latest = result.checkpoints.latest;
  const lines = result.ok
    ? [
        result.entries ? `audit log intact: ${result.entries} entries, head ${result.head?.hash}` : 'the audit log is empty',
        latest
          ? `vouched for by ${result.checkpoints.total} signed checkpoint(s) up to entry #${result.vouchedThrough}; latest: #${latest.number}:${latest.digest} of ${latest.at} (record it, and pass it with --known-checkpoint next time)`
          : 'no signed checkpoint yet',
      ]
    : [`audit log BROKEN: ${result.failures[0].message}`, ...result.failures.slice(1).map((f) => `  also: ${f.message}`), `entries vouched for: up to #${result.vouchedThrough}`];
  return [...lines, ...result.warnings.map((w) => `warning: ${w.message}`)].join('\n');
}

/**
 * Per checkpoint N: the signed statement (checkpoint-N.txt), its signature (.sig, DER) and its
 * time-stamp token (.tst, DER); the checkpoint keys' public keys, the TSA's and the root's certificates.
 */
function exportCheckpoints(dir: string, checkpoints: AuditCheckpoint[], certificates: { tsa: Buffer; root: Buffer }): number {
  fs.mkdirSync(dir, { recursive: true });
  const keys = new Map<string, Buffer>();
  for (const checkpoint of checkpoints) {
    const base = path.join(dir, `checkpoint-${checkpoint.number}`);
    fs.writeFileSync(`${base}.txt`, checkpointStatement(checkpoint));
    fs.writeFileSync(`${base}.sig`, checkpoint.signature);
    fs.writeFileSync(`${base}.tst`, checkpoint.timeStampToken);
    keys.set(`${checkpoint.keyLabel}-${keyFingerprint(checkpoint.keySpki).slice(0, 16)}`, checkpoint.keySpki);
  }
  for (const [name, spki] of keys) fs.writeFileSync(path.join(dir, `${name}.pub.pem`), toPem(spki, 'PUBLIC KEY'));
  fs.writeFileSync(path.join(dir, 'theqa-tsa.pem'), toPem(certificates.tsa, 'CERTIFICATE'));
  fs.writeFileSync(path.join(dir, 'theqa-root-ca.pem'), toPem(certificates.root, 'CERTIFICATE'));
  return checkpoints.length;
}
