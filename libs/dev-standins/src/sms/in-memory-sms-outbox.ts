import type { SmsMessage, SmsOutbox } from '@theqa/integrations';

/** An SMS outbox in this process's memory, for tests and stand-in servers that need no database. */
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
