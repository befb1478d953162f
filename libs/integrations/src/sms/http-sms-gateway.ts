import { randomUUID } from 'node:crypto';
import type { HttpEndpointOptions } from '../http/http-endpoint';
import { RemoteApi } from '../http/remote-api';
import { checkSmsRequest, type SmsGateway, type SmsRequest } from './sms-gateway';

export type HttpSmsGatewayOptions = HttpEndpointOptions;

/**
 * The SMS gateway over HTTP: `POST messages` `{ to, text, purpose }` with an `Idempotency-Key`, answered
 * `{ id }`. Each `send` draws one key and repeats it on every retry, so the gateway sends a message at
 * most once however many answers were lost; a second `send` of the same text is a second message.
 */
export class HttpSmsGateway implements SmsGateway {
  private readonly api: RemoteApi;

  constructor(options: HttpSmsGatewayOptions) {
    this.api = new RemoteApi('sms', options);
  }

  async send(request: SmsRequest): Promise<string> {
    checkSmsRequest(request);
    const answer = await this.api.send({
      method: 'POST',
      path: ['messages'],
      json: { to: request.to, text: request.text, purpose: request.purpose },
      idempotencyKey: randomUUID(),
      accept: 'application/json, application/problem+json',
      maxBytes: 64 * 1024,
    });
    const id = (this.api.json(answer) as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw this.api.answerInvalid('answered without a message id');
    return id;
  }
}
