import { createPublicKey } from 'node:crypto';
import type { Bilingual } from '@theqa/kernel';
import type { AuditLog, AuditRecord } from '../audit-chain';
import type { AuditVerification, AuditVerificationOptions } from '../audit-verification';
import { AuditConsoleError } from './audit-console-error';
import { verifyAuditExport, writeAuditExport, type AuditExportKey, type AuditExportVerification, type SignedAuditExport } from './audit-export';
import { auditPage, auditSearchFilter, type AuditPage, type AuditQuery, type AuditSearchFilter } from './audit-search';

/** What the console's audit pages stand on; the composition root wires it to PostgreSQL and the key store. */
export interface AuditConsoleDependencies {
  /** The log newest first, as the filter says (persistence's searchAuditLog). */
  search(filter: AuditSearchFilter): Promise<AuditRecord[]>;
  /** The first and last seq of the entries written in [from, to) (persistence's auditChainStretch). */
  stretch(from: Date, to: Date): Promise<{ first: number; last: number } | undefined>;
  /** The entries from `first` to `last`, in order. */
  entries(stretch: { first: number; last: number }): AsyncIterable<AuditRecord>;
  /** The chain, its head and its checkpoints verified against the key store and the TSA. */
  verify(options: AuditVerificationOptions): Promise<AuditVerification>;
  /** The key new exports are signed with (the key store's, made on first use). */
  exportKey(): Promise<AuditExportKey>;
  /** Every key whose exports must still verify (DER SPKI), the current one included. */
  exportKeys(): Promise<Buffer[]>;
  /** Where the export itself is recorded. */
  audit: AuditLog;
  /** The largest export, in entries: a larger range is refused with a message to narrow it. */
  maxExportEntries: number;
  clock?: () => Date;
}

/**
 * The administrators' console's audit pages as a service: search the log, verify the chain and its
 * signed checkpoints, export a range as a signed file and check such a file. No HTTP here.
 */
export class AuditConsole {
  constructor(private readonly deps: AuditConsoleDependencies) {}

  /** A page of entries newest first; `older` continues below it. Bad input is AuditConsoleError('audit-query-invalid'). */
  async search(query: AuditQuery = {}): Promise<AuditPage> {
    const filter = auditSearchFilter(query);
    return auditPage(await this.deps.search(filter), filter);
  }

  /** The whole chain, its stored head and every checkpoint (what `npx theqa audit verify` reports). */
  verify(options: AuditVerificationOptions = {}): Promise<AuditVerification> {
    return this.deps.verify(options);
  }

  /**
   * The entries written in [from, to) as one signed JSON Lines file (see writeAuditExport), recorded in
   * the log as `audit.exported` by `actor`.
   */
  async export(request: { from: Date; to: Date; actor: string }): Promise<SignedAuditExport> {
    const { from, to } = auditSearchFilter({ from: request.from, to: request.to });
    if (!from || !to) throw new AuditConsoleError('audit-query-invalid', { ar: 'حدّد بداية الفترة ونهايتها', en: 'Give the start and the end of the period' });
    const stretch = await this.deps.stretch(from, to);
    if (!stretch) throw new AuditConsoleError('audit-export-empty', { ar: 'لا سجلات في هذه الفترة', en: 'No entries were written in this period' });
    const count = stretch.last - stretch.first + 1;
    if (count > this.deps.maxExportEntries) {
      throw new AuditConsoleError('audit-export-too-large', {
        ar: `الفترة تضم ${count} سجلًا والحد ${this.deps.maxExportEntries}: اختر فترة أقصر`,
        en: `The period holds ${count} entries, more than ${this.deps.maxExportEntries}: choose a shorter one`,
      });
    }
    const exported = await writeAuditExport(this.deps.entries(stretch), { from, to, exportedAt: this.now(), exportedBy: request.actor }, await this.deps.exportKey());
    await this.deps.audit.append({
      action: 'audit.exported',
      actor: request.actor,
      subject: exported.fileName,
      details: { from: exported.header.from, to: exported.header.to, entries: exported.header.entries, first_seq: exported.header.first_seq, last_seq: exported.header.last_seq, key: exported.header.key.label },
    });
    return exported;
  }

  /** Checks an export file against the key store's export keys. */
  async verifyExport(content: Buffer): Promise<AuditExportVerification> {
    return verifyAuditExport(content, await this.deps.exportKeys());
  }

  /** The current export key's public key (PEM), offered for download beside the export. */
  async exportPublicKeyPem(): Promise<string> {
    return createPublicKey({ key: (await this.deps.exportKey()).publicKeySpki, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }).toString();
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }
}

/** One sentence about a verification, for the top of the page. */
export function describeAuditVerification(result: AuditVerification): Bilingual {
  if (!result.ok) {
    const at = result.firstUnvouched ?? result.failures.find((f) => f.seq !== undefined)?.seq;
    return {
      ar: `السجل لا يصمد للتحقق${at ? ` ابتداءً من الإدخال رقم ${at}` : ''}: ${result.failures.length} خلل`,
      en: `The log does not verify${at ? ` from entry #${at}` : ''}: ${result.failures.length} failure(s)`,
    };
  }
  if (result.vouchedThrough === 0) return { ar: `السلسلة سليمة (${result.entries} إدخال) ولا نقطة تحقق موقعة بعد`, en: `The chain holds (${result.entries} entries); no signed checkpoint yet` };
  return {
    ar: `السلسلة سليمة (${result.entries} إدخال)، وتضمنها ${result.checkpoints.total} نقطة تحقق موقعة حتى الإدخال رقم ${result.vouchedThrough}`,
    en: `The chain holds (${result.entries} entries), vouched for by ${result.checkpoints.total} signed checkpoint(s) up to entry #${result.vouchedThrough}`,
  };
}
