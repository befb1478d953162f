import type { SmsMessage } from './sms-gateway';

/**
 * Where the dev SMS gateway puts what it "sends", readable by developers and end-to-end tests (the
 * one-time code a real phone would receive). In memory here; a PostgreSQL outbox comes later so that
 * the CLI can read what the running platform sent.
 */
export interface SmsOutbox {
  record(message: SmsMessage): Promise<void>;
  /** The last message to this number, optionally of one purpose. */
  latestFor(phone: string, purpose?: string): Promise<SmsMessage | undefined>;
  /** Messages to this number (or all), oldest first. */
  list(phone?: string): Promise<SmsMessage[]>;
}

export class InMemorySmsOutbox implements SmsOutbox {
  private readonly messages: SmsMessage[] = [];

  /** @param capacity oldest messages are dropped beyond it, so a long dev run cannot grow without end */
  constructor(private readonly capacity = 10_000) {}

  async record(message: SmsMessage): Promise<void> {
    this.messages.push(structuredClone(message));
    if (this.messages.length > this.capacity) this.messages.splice(0, this.messages.length - this.capacity);
  }

  async latestFor(phone: string, purpose?: string): Promise<SmsMessage | undefined> {
    const found = this.messages.findLast((m) => m.to === phone && (purpose === undefined || m.purpose === purpose));
    return found && structuredClone(found);
  }

  async list(phone?: string): Promise<SmsMessage[]> {
    return this.messages.filter((m) => phone === undefined || m.to === phone).map((m) => structuredClone(m));
  }
}
