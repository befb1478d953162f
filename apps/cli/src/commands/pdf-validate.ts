import type { Command } from 'commander';
import { formatValidationReport, PadesError, validatePdf, type Indication, type ValidationReport } from '@theqa/pades';
import { CliError, type Output } from '../output';
import { readCertificateFile } from '../pdf/certificate-files';
import { readDocument } from '../pdf/document-files';
import { platformRevocation } from '../pdf/platform-revocation';
import { fetchBytes } from '../pdf/platform-time-stamping';
import { platformUrl } from './pdf';

const EXIT: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };
const ROOT = '/ca/certs/theqa-root-ca.crt';

/**
 * `pdf validate FILE [--anchor CA.pem …] [--json]`: every signature's ETSI EN 319 102-1 report. The
 * platform's root (from THEQA_URL) is trusted besides the anchors given; revocation data the file does
 * not carry is asked of the platform's OCSP responder. Exit 0 when every signature passed, 1 when one is
 * indeterminate and none failed, 2 when one failed (or the file, or an anchor, cannot be read).
 */
export function registerPdfValidateCommand(pdf: Command, output: () => Output): void {
  pdf
    .command('validate <file>')
    .description("validate a signed PDF's signatures (exit 0 all passed, 1 indeterminate, 2 failed); the platform's root is trusted, --anchor adds others")
    .option('--anchor <file>', 'another trust anchor (PEM or DER); repeatable', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .action(async (file: string, options: { anchor: string[] }) => {
      // Exit 1 means "indeterminate" here: a file that cannot be validated at all is 2, as a failure.
      const input = readDocument(file, file, 2);
      const anchors = options.anchor.flatMap((anchor) => readCertificateFile(anchor, '--anchor', 2));
      const base = platformUrl();
      const platformRoot = await fetchBytes(new URL(ROOT, base)).catch((error: Error) => {
        process.stderr.write(`theqa: ${error.message}: validating against ${anchors.length ? 'the --anchor certificates only' : 'no trust anchor'}\n`);
        return undefined;
      });
      const revocation = platformRevocation(base);
      let report: ValidationReport;
      try {
        report = await validatePdf(input, {
          trustAnchors: platformRoot ? [platformRoot] : [],
          extraAnchors: anchors,
          revocation: async ({ certificate, issuer }) => revocation([certificate, issuer]).catch(() => undefined),
        });
      } catch (error) {
        if (error instanceof PadesError) throw new CliError(`${file}: ${error.message}`, error.code, 2);
        throw error;
      }
      const language = /^ar/i.test(process.env.LANG ?? '') ? 'ar' : 'en';
      output().result(report, () => formatValidationReport(report, language).join('\n'));
      process.exitCode = EXIT[report.indication];
    });
}
