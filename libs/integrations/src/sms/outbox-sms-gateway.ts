import { randomUUID } from 'node:crypto';
import type { SmsGateway, SmsMessage, SmsRequest } from './sms-gateway';
import { checkSmsRequest } from './sms-gateway';
import type { SmsOutbox } from './sms-outbox';

export interface OutboxSmsGatewayOptions {
  clock?: () => Date;
}

/** The dev SMS gateway: validates like the real one, then writes the message to an outbox instead of a phone. */
export class OutboxSmsGateway implements SmsGateway {
  constructor(
    private readonly outbox: SmsOutbox,
    private readonly options: OutboxSmsGatewayOptions = {},
  ) {}

  async send(request: SmsRequest): Promise<string> {
    const encoding = checkSmsRequest(request);
    const message: SmsMessage = {
      id: `sms-${randomUUID()}`,
      to: request.to,
      text: request.text,
      purpose: request.purpose,
      ...encoding,
      sentAt: (this.options.clock?.() ?? new Date()).toISOString(),
    };
    await this.outbox.record(message);
    return message.id;
  }
}
