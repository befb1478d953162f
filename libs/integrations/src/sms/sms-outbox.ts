import type { SmsMessage } from './sms-gateway';

/**
 * Where the development SMS gateway puts what it "sends", readable by developers and end-to-end tests
 * (the one-time code a real phone would receive). Its implementations are the in-memory outbox of
 * `@theqa/dev-standins` and the PostgreSQL one of `@theqa/persistence`, through which the CLI and the
 * `/dev/sms` page read what the running platform sent.
 */
export interface SmsOutbox {
  record(message: SmsMessage): Promise<void>;
  /** The last message to this number, optionally of one purpose. */
  latestFor(phone: string, purpose?: string): Promise<SmsMessage | undefined>;
  /** Messages to this number (or all), oldest first. */
  list(phone?: string): Promise<SmsMessage[]>;
}
