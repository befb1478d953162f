import fs from 'node:fs';
import type { Command } from 'commander';
import { crlToPem, normaliseSerialHex, reasonName, toPem, type CertificateRecord, type IssuedCertificate } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { certificateHolder, HolderNamesDisagree, IdentityError, type HolderName } from '@theqa/identity';
import type { CivilRegistry } from '@theqa/integrations';
import { assertKeyLabel, serviceSigningKey, type KeyAlgorithm, type KeyStore } from '@theqa/keys';
import type { PlatformServices } from '@theqa/platform';
import { CliError, type Output } from '../output';
import { cliActor as actor, withPlatform } from '../platform-session';

/** Opens the platform's services and its CA for one command, and closes them after it. */
export function withAuthority<T>(work: (ca: CertificateAuthority, registry: () => Promise<CivilRegistry>) => Promise<T>, options: { poolSize?: number; applicationName?: string } = {}): Promise<T> {
  return withPlatform(async (services) => work(await services.authority(), async () => (await services.externalSystems()).registry), options);
}

function serialOption(value: string): string {
  const serial = normaliseSerialHex(value, { separators: true, letters: 'upper' });
  if (!serial) throw new CliError(`"${value}" is not a serial number (hexadecimal, up to 20 bytes)`, 'usage', 2);
  return serial;
}

function describeRecord(record: CertificateRecord): Record<string, unknown> {
  return {
    serial: record.serialHex,
    status: record.status,
    issuer: record.issuer,
    profile: record.profile,
    subject: record.subject,
    civil_number: record.civilNumber ?? null,
    not_before: record.notBefore.toISOString(),
    not_after: record.notAfter.toISOString(),
    revoked_at: record.revokedAt?.toISOString() ?? null,
    reason: reasonName(record.revocationReason) ?? null,
    invalidity_date: record.invalidityDate?.toISOString() ?? null,
  };
}

const recordText = (r: Record<string, unknown>) =>
  Object.entries(r)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k.padEnd(16)}${String(v)}`)
    .join('\n');

export function registerCaCommands(program: Command, output: () => Output): void {
  const ca = program.command('ca').description('the certificate authority: hierarchy, issuance, revocation, CRLs');

  ca.command('init')
    .description('create whatever is missing of the CA hierarchy, renew what is about to expire (idempotent)')
    .action(() =>
      withPlatform(async (services) => {
        const created = await services.initialiseAuthority();
        const authority = await services.authority();
        const published = await authority.crls.publishDue();
        const authorities = authority.authorities.all().map((a) => ({ name: a.name, not_after: a.notAfter.toISOString() }));
        output().result({ created, authorities, crls_published: published.map((c) => c.issuer) }, () =>
          created.length ? `created: ${created.join(', ')}` : `the hierarchy is complete (${authorities.length} authorities)`,
        );
      }),
    );

  ca.command('list')
    .description('the authorities of the hierarchy, or the certificates of one person')
    .option('--civil-number <n>', "list this person's certificates")
    .action((options: { civilNumber?: string }) =>
      withAuthority(async (authority) => {
        if (options.civilNumber) {
          const records = (await authority.ledger.list({ civilNumber: options.civilNumber })).map(describeRecord);
          output().result(records, () => (records.length ? records.map((r) => `${r.serial}  ${r.status}  ${r.profile}  until ${r.not_after}`).join('\n') : 'no certificates'));
          return;
        }
        const rows = authority.authorities.all().map((a) => ({ name: a.name, profile: a.profile.name, key: a.key.keyAlgorithm, not_after: a.notAfter.toISOString() }));
        output().result(rows, () => rows.map((r) => `${r.name.padEnd(30)}${r.profile.padEnd(20)}${r.key.padEnd(10)}until ${r.not_after}`).join('\n'));
      }),
    );

  ca.command('issue')
    .description('issue a certificate: a citizen\'s from a PKCS#10 request (subject from the civil registry, never from the request), or an organisation\'s seal with its key made in the key store')
    .requiredOption('--profile <name>', 'certificate profile (certs/profiles), e.g. qualified-signing or organisation-seal')
    .option('--csr <file>', 'citizen profiles: PEM or DER certificate request')
    .option('--civil-number <n>', 'citizen profiles: civil number of the holder')
    .option('--given-name <name>', 'given name (Latin); by default from the civil registry')
    .option('--surname <name>', 'surname (Latin); by default from the civil registry')
    .option('--full-name <name>', 'full name (Latin); by default from the civil registry, else given name and surname')
    .option('--card-expiry <date>', 'for card profiles: the card expiry (YYYY-MM-DD); by default from the civil registry')
    .option('--organization-id <id>', 'organisation profiles: the ETSI EN 319 412-1 identifier, e.g. NTROM-1234567')
    .option('--organization-name <name>', 'organisation profiles: the registered name')
    .option('--country <cc>', 'organisation profiles: ISO 3166 country', 'OM')
    .option('--key-label <label>', 'organisation profiles: the key store label of the seal key (made when absent; default seal-<identifier>)')
    .option('--key-algorithm <algorithm>', 'organisation profiles: ec-p256, ec-p384, rsa-2048 or rsa-3072 when the key is made', 'ec-p256')
    .option('--out <file>', 'write the certificate (PEM) here')
    .action((options: IssueOptions) =>
      withPlatform(async (services) => {
        const authority = await services.authority();
        const profile = authority.profiles.get(options.profile);
        const issued =
          profile.subject === 'organization'
            ? await issueSeal(authority, await services.keyStore(), services, options)
            : await issueForCitizen(authority, (await services.externalSystems()).registry, options);
        await authority.ocsp.presign(issued.issuer, issued.serialHex);
        const pem = toPem(issued.der);
        if (options.out) fs.writeFileSync(options.out, pem);
        output().result(
          { serial: issued.serialHex, issuer: issued.issuer, profile: issued.profile, subject: issued.subject, not_before: issued.notBefore.toISOString(), not_after: issued.notAfter.toISOString(), key_label: issued.keyLabel ?? null, pem },
          () => (options.out ? `issued ${issued.serialHex} → ${options.out}${issued.keyLabel ? ` (key: keystore:${issued.keyLabel})` : ''}` : pem.trimEnd()),
        );
      }),
    );

  const statusChange = (name: string, description: string, run: (authority: CertificateAuthority, serial: string, options: { reason: string; invalidityDate?: string; comment?: string }) => Promise<CertificateRecord>) => {
    const command = ca
      .command(name)
      .description(description)
      .requiredOption('--serial <hex>', 'serial number', serialOption)
      .option('--comment <text>', 'why (kept in the audit log)');
    if (name === 'revoke') {
      command.requiredOption('--reason <reason>', 'RFC 5280 reason: keyCompromise, superseded, cessationOfOperation, affiliationChanged, privilegeWithdrawn, …').option('--invalidity-date <iso>', 'when the key was compromised');
    }
    command.action((options: { serial: string; reason: string; invalidityDate?: string; comment?: string }) =>
      withAuthority(async (authority) => {
        const record = await run(authority, options.serial, options);
        const described = describeRecord(record);
        output().result(described, () => recordText(described));
      }),
    );
  };
  statusChange('revoke', 'revoke a certificate (OCSP and the CRL reflect it at once)', (authority, serialHex, o) => {
    const invalidityDate = o.invalidityDate ? new Date(o.invalidityDate) : undefined;
    if (invalidityDate && Number.isNaN(invalidityDate.getTime())) throw new CliError(`--invalidity-date "${o.invalidityDate}" is not a date`, 'usage', 2);
    return authority.revocation.revoke({ serialHex, reason: o.reason, invalidityDate, actor: actor(), comment: o.comment });
  });
  statusChange('hold', 'suspend a certificate (certificateHold); release lifts it', (authority, serialHex, o) => authority.revocation.hold({ serialHex, actor: actor(), comment: o.comment }));
  statusChange('release', 'lift a suspension', (authority, serialHex, o) => authority.revocation.release({ serialHex, actor: actor(), comment: o.comment }));

  ca.command('crl')
    .description('publish the CRL of one CA, or of every CA, now')
    .option('--ca <name>', 'the CA (default: all)')
    .option('--out <file>', 'write the CRL (PEM) here; with one --ca only')
    .action((options: { ca?: string; out?: string }) =>
      withAuthority(async (authority) => {
        const names = options.ca ? [authority.authorities.get(options.ca).name] : authority.crls.crlIssuers().map((a) => a.name);
        if (options.ca && !authority.crls.crlIssuers().some((a) => a.name === options.ca)) throw new CliError(`${options.ca} does not publish CRLs`, 'usage', 2);
        const published = [];
        for (const name of names) published.push(await authority.crls.publish(name));
        if (options.out && published.length === 1) fs.writeFileSync(options.out, crlToPem(published[0].der));
        const rows = published.map((c) => ({ ca: c.issuer, crl_number: c.crlNumber.toString(), entries: c.entries, next_update: c.nextUpdate.toISOString() }));
        output().result(rows, () => rows.map((r) => `${r.ca}: CRL #${r.crl_number}, ${r.entries} entries, next update ${r.next_update}`).join('\n'));
      }),
    );

  ca.command('status')
    .description('the status of a certificate')
    .requiredOption('--serial <hex>', 'serial number', serialOption)
    .action((options: { serial: string }) =>
      withAuthority(async (authority) => {
        const record = await authority.ledger.find(options.serial);
        if (!record) throw new CliError(`no certificate with serial ${options.serial}`, 'certificate-unknown');
        const described = describeRecord(record);
        output().result(described, () => recordText(described));
      }),
    );
}

interface IssueOptions {
  profile: string;
  csr?: string;
  civilNumber?: string;
  givenName?: string;
  surname?: string;
  fullName?: string;
  cardExpiry?: string;
  organizationId?: string;
  organizationName?: string;
  country: string;
  keyLabel?: string;
  keyAlgorithm: string;
  out?: string;
}

async function issueForCitizen(authority: CertificateAuthority, registry: CivilRegistry, options: IssueOptions): Promise<IssuedCertificate & { keyLabel?: string }> {
  if (!options.csr || !options.civilNumber) throw new CliError(`profile ${options.profile} issues to a citizen: give --csr and --civil-number`, 'usage', 2);
  let csr: Buffer;
  try {
    csr = fs.readFileSync(options.csr);
  } catch {
    throw new CliError(`cannot read ${options.csr}`, 'usage', 2);
  }
  const holder = await holderIdentity(registry, { ...options, civilNumber: options.civilNumber });
  return authority.issuer.issueForCitizen({ csr, profile: options.profile, identity: holder.identity, cardExpiry: holder.cardExpiry, actor: actor() });
}

const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'];

/**
 * An organisation's seal: its key is made in the platform's key store (software or PKCS#11) — it never
 * leaves it; the signing service seals with it — and its certificate names the organisation.
 */
async function issueSeal(authority: CertificateAuthority, keyStore: KeyStore, services: PlatformServices, options: IssueOptions): Promise<IssuedCertificate & { keyLabel: string }> {
  if (!options.organizationId || !options.organizationName) throw new CliError(`profile ${options.profile} issues to an organisation: give --organization-id and --organization-name`, 'usage', 2);
  const algorithm = KEY_ALGORITHMS.find((a) => a === options.keyAlgorithm);
  if (!algorithm) throw new CliError(`--key-algorithm must be one of ${KEY_ALGORITHMS.join(', ')}`, 'usage', 2);
  const keyLabel = options.keyLabel ?? `seal-${options.organizationId.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 63);
  try {
    assertKeyLabel(keyLabel);
  } catch (error) {
    throw new CliError((error as Error).message, 'usage', 2);
  }
  const key = await serviceSigningKey(keyStore, keyLabel, {
    algorithm,
    onGenerated: async (made) => {
      await services.audit.append({ action: 'key.generated', actor: actor(), subject: made.label, details: { algorithm: made.keyAlgorithm, store: keyStore.kind, purpose: 'organisation-seal' } });
    },
  });
  const organization = { identifier: options.organizationId, name: options.organizationName, country: options.country };
  return { ...(await authority.issuer.issueForOrganization({ profile: options.profile, organization, key, actor: actor() })), keyLabel };
}

/**
 * The holder as the civil registry the platform is configured with records them (certificateHolder,
 * shared with the issuance API). Names on the command line are for persons the registry does not
 * hold, and must agree with it when it does: a certificate's subject never departs from identity data.
 */
async function holderIdentity(registry: CivilRegistry, options: { civilNumber: string; givenName?: string; surname?: string; fullName?: string; cardExpiry?: string }) {
  try {
    return await certificateHolder(registry, options, 'named');
  } catch (error) {
    if (error instanceof HolderNamesDisagree) {
      throw new CliError(`the civil registry records other names for ${options.civilNumber}: ${error.conflicts.map((c) => `${NAME_FLAGS[c.name]} "${c.recorded}"`).join(', ')}`, 'identity-mismatch', 2);
    }
    if (error instanceof IdentityError && error.code === 'request-invalid') throw new CliError(`the civil registry does not know ${options.civilNumber}: give --given-name and --surname`, 'usage', 2);
    if (error instanceof IdentityError) throw new CliError(error.message, error.code, 2);
    throw error;
  }
}

const NAME_FLAGS: Record<HolderName, string> = { givenName: '--given-name', surname: '--surname', fullName: '--full-name' };
