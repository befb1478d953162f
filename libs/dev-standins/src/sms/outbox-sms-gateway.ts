import { randomUUID } from 'node:crypto';
import { checkSmsRequest, type SmsGateway, type SmsMessage, type SmsOutbox, type SmsRequest } from '@theqa/integrations';

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
