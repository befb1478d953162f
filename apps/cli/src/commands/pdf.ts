import * as x509 from '@peculiar/x509';
import type { Command } from 'commander';
import { PadesError, PADES_LEVELS, isPadesLevel, renderSignatureAppearance, signPdfParts, signedPdfSha256, type PadesLevel, type SignPdfOptions } from '@theqa/pades';
import { CliError, type Output } from '../output';
import { cliActor, withPlatform } from '../platform-session';
import { readCertificateFile } from '../pdf/certificate-files';
import { assertWritable, readDocument, writeDocument } from '../pdf/document-files';
import { platformRevocation } from '../pdf/platform-revocation';
import { platformTimeStamping } from '../pdf/platform-time-stamping';
import { fileSigningKey, isKeyStoreReference, keyStoreSigningKey, type DocumentSigningKey } from '../pdf/signing-key';
import { parseVisible, type VisibleOption } from '../pdf/visible-option';
import { registerPdfValidateCommand } from './pdf-validate';

interface SignOptions {
  in: string;
  out: string;
  key: string;
  cert: string;
  chain?: string;
  level: string;
  reason?: string;
  location?: string;
  field?: string;
  visible?: string;
  certify?: boolean;
}

/** Where time-stamps and revocation data come from: the running platform, as the wallet finds it. */
export const platformUrl = (): URL => new URL(process.env.THEQA_URL ?? 'http://127.0.0.1:8080');

export function registerPdfCommands(program: Command, output: () => Output): void {
  const pdf = program.command('pdf').description('PAdES signatures: sign a PDF with a key or a seal, validate a signed PDF');

  pdf
    .command('sign')
    .description('sign a PDF (PAdES, default B-LT); time-stamps and revocation data come from the running platform (THEQA_URL)')
    .requiredOption('--in <file>', 'the PDF to sign')
    .requiredOption('--out <file>', 'where the signed PDF is written')
    .requiredOption('--key <key>', 'a PEM private key file, or keystore:LABEL for a key of the platform’s key store (a seal)')
    .requiredOption('--cert <file>', 'the signer’s certificate (PEM)')
    .option('--chain <file>', 'its issuing CAs (PEM, one or more)')
    .option('--level <level>', `one of ${PADES_LEVELS.join(', ')}`, 'B-LT')
    .option('--reason <text>', 'why the document is signed (/Reason, and shown in a visible signature)')
    .option('--location <text>', 'where it is signed (/Location)')
    .option('--field <name>', 'an existing empty signature field to sign, or the name of the new one')
    .option('--visible <page,x,y,w,h>', 'a visible signature: the page (from 1) and the box in points from the lower-left corner')
    .option('--certify', 'a certification signature (DocMDP: form filling and further signatures allowed)')
    .action(async (options: SignOptions) => {
      const level = options.level;
      if (!isPadesLevel(level)) throw new CliError(`--level must be one of ${PADES_LEVELS.join(', ')} (got ${JSON.stringify(level)})`, 'usage', 2);
      const visible = options.visible === undefined ? undefined : parseVisible(options.visible);
      const input = readDocument(options.in, `--in ${options.in}`);
      assertWritable(options.out);
      const certificate = readCertificateFile(options.cert, '--cert')[0];
      const chain = options.chain ? readCertificateFile(options.chain, '--chain') : [];
      const sign = async (key: DocumentSigningKey) => signDocument({ input, certificate, chain, key, level, visible, options });
      const signed = isKeyStoreReference(options.key)
        ? await withPlatform(async (services) => {
            const key = await keyStoreSigningKey(await services.keyStore(), options.key);
            const result = await sign(key);
            await services.audit.append({
              action: 'document.sealed',
              actor: cliActor(),
              subject: result.signer.serialNumber,
              details: { key: key.source, certificate: result.signer.serialNumber, issuer: result.signer.issuer, documentSha256: result.documentSha256, level },
            });
            return result;
          }, { poolSize: 1 })
        : await sign(fileSigningKey(options.key));
      writeDocument(options.out, signed.pdf);
      const summary = { out: options.out, level, bytes: signed.pdf.length, signer: signed.signer.subject, documentSha256: signed.documentSha256 };
      output().result(summary, () => `signed ${options.in} → ${options.out} (${level}, ${signed.signer.subject})`);
    });

  registerPdfValidateCommand(pdf, output);
}

interface SigningInputs {
  input: Buffer;
  certificate: Buffer;
  chain: Buffer[];
  key: DocumentSigningKey;
  level: PadesLevel;
  visible?: VisibleOption;
  options: SignOptions;
}

async function signDocument({ input, certificate, chain, key, level, visible, options }: SigningInputs) {
  const signer = new x509.X509Certificate(new Uint8Array(certificate));
  if (!Buffer.from(signer.publicKey.rawData).equals(key.publicKeySpki)) throw new CliError('--key is not the private key of --cert', 'key-mismatch');
  const signingTime = new Date();
  const base = platformUrl();
  const settings: SignPdfOptions = {
    certificate,
    chain,
    level,
    signingTime,
    reason: options.reason,
    location: options.location,
    field: options.field,
    name: commonName(signer),
    certify: options.certify ? 2 : undefined,
    visible: visible && {
      page: visible.page,
      rect: visible.rect,
      appearance: renderSignatureAppearance({ width: visible.rect.width, height: visible.rect.height, signer: byScript(commonName(signer)), signedAt: signingTime, reason: options.reason ? byScript(options.reason) : undefined }),
    },
    signer: key.sign,
    timeStamp: level === 'B-B' ? undefined : platformTimeStamping(base),
    revocation: level === 'B-LT' || level === 'B-LTA' ? platformRevocation(base) : undefined,
  };
  try {
    // The signed file is written as the input followed by the updates appended to it, never joined in memory.
    const pdf = await signPdfParts(input, settings);
    return { pdf, signer: { subject: signer.subject, serialNumber: signer.serialNumber, issuer: signer.issuer }, documentSha256: signedPdfSha256(pdf).toString('hex') };
  } catch (error) {
    if (error instanceof PadesError) throw new CliError(error.message, error.code);
    throw error;
  }
}

function commonName(certificate: x509.X509Certificate): string {
  return certificate.subjectName.getField('CN')[0] ?? certificate.subjectName.getField('O')[0] ?? certificate.subject;
}

/** A text goes on the Arabic line when it is written in Arabic script, on the Latin line otherwise. */
function byScript(text: string): { ar?: string; en?: string } {
  return /\p{Script=Arabic}/u.test(text) ? { ar: text } : { en: text };
}
