import { CardError } from '@theqa/id-card';
import { CliError } from '../output';

export interface Refusal {
  body: Record<string, unknown>;
  exitCode: number;
}

/** Describes a refusal a caller knows (e.g. the identity errors of personalisation), or undefined. */
export type RefusalDescriber = (error: unknown) => Refusal | undefined;

/**
 * Prints the result, or the refusal, as one JSON document whatever --json says: the card commands are a
 * protocol (web-eid-app's command-line mode), read by programs such as the browser extension's stand-in.
 */
export async function answer(work: () => Promise<unknown>, describe: RefusalDescriber = () => undefined): Promise<void> {
  try {
    process.stdout.write(JSON.stringify(await work()) + '\n');
  } catch (error) {
    const refusal = describe(error) ?? describeRefusal(error);
    process.stdout.write(JSON.stringify({ error: refusal.body }) + '\n');
    process.exitCode = refusal.exitCode;
  }
}

function describeRefusal(error: unknown): Refusal {
  if (error instanceof CardError) {
    return { body: { code: error.code, message: error.messages, detail: error.message, ...error.details }, exitCode: error.code === 'usage' ? 2 : 1 };
  }
  if (error instanceof CliError) return { body: { code: error.code, message: { ar: 'تعذّر تنفيذ الأمر', en: 'The command could not be carried out' }, detail: error.message }, exitCode: error.exitCode };
  throw error;
}
