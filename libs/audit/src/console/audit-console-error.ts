import type { Bilingual } from '@theqa/kernel';

export type AuditConsoleErrorCode = 'audit-query-invalid' | 'audit-export-too-large' | 'audit-export-empty';

/** Bad input from the console's audit pages: a stable code (an app maps it to a problem type) and a title in both languages. */
export class AuditConsoleError extends Error {
  constructor(
    readonly code: AuditConsoleErrorCode,
    readonly title: Bilingual,
  ) {
    super(title.en);
    this.name = 'AuditConsoleError';
  }
}
