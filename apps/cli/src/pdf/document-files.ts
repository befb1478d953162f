import fs from 'node:fs';
import path from 'node:path';
import type { SignedPdfParts } from '@theqa/pades';
import { CliError } from '../output';

const reason = (error: unknown, missing: string) => ((error as NodeJS.ErrnoException).code === 'ENOENT' ? missing : (error as Error).message);

/** The PDF a command was given; `label` names it in the message (`--in FILE`, or the bare file). */
export function readDocument(file: string, label: string, exitCode = 1): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`${label}: ${reason(error, 'no such file')}`, 'input-unreadable', exitCode);
  }
}

/**
 * Checked before anything is signed, so that a seal is not made (and audited) for a file that cannot
 * be written: the folder exists and is writable, and the path is not a folder.
 */
export function assertWritable(file: string): void {
  try {
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
  } catch (error) {
    throw new CliError(`--out ${file}: ${reason(error, 'no such folder')}`, 'output-unwritable');
  }
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--out ${file}: is a folder`, 'output-unwritable');
}

/** Writes the signed file part by part: the input as it was read, then the updates appended to it. */
export function writeDocument(file: string, pdf: SignedPdfParts): void {
  try {
    const descriptor = fs.openSync(file, 'w');
    try {
      for (const part of pdf.parts) {
        for (let written = 0; written < part.length; ) written += fs.writeSync(descriptor, part, written);
      }
    } finally {
      fs.closeSync(descriptor);
    }
  } catch (error) {
    throw new CliError(`--out ${file}: ${reason(error, 'no such folder')}`, 'output-unwritable');
  }
}
