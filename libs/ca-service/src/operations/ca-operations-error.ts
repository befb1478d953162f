import type { Bilingual } from '@theqa/kernel';

export type CaOperationsErrorCode = 'certificate-query-invalid';

/** Bad input from the console's CA pages: a stable code (an app maps it to a problem type) and a title in both languages. */
export class CaOperationsError extends Error {
  constructor(
    readonly code: CaOperationsErrorCode,
    readonly title: Bilingual,
  ) {
    super(title.en);
    this.name = 'CaOperationsError';
  }
}
