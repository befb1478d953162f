import fs from 'node:fs';
import { CliError } from '../output';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g;

/** The certificates of a PEM file (one or more), DER, in file order; a DER file is one certificate. */
export function readCertificateFile(file: string, option: string, exitCode = 1): Buffer[] {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`${option} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 'certificate-unreadable', exitCode);
  }
  if (content[0] === 0x30) return [content];
  const certificates = [...content.toString('latin1').matchAll(PEM_CERTIFICATE)].map((match) => Buffer.from(match[1].replace(/\s+/g, ''), 'base64'));
  if (certificates.length === 0) throw new CliError(`${option} ${file}: no PEM certificate in it`, 'certificate-unreadable', exitCode);
  return certificates;
}
