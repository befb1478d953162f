import { createHash } from 'node:crypto';
import type { SmsGateway, SmsRequest } from '@theqa/integrations';
import { StandInError } from './stand-in-http';

/**
 * What a real SMS gateway promises for an `Idempotency-Key`: one message per key however often the
 * request is repeated (a retry after a lost answer gets the first answer again), and a key reused for
 * another message refused. Keys are kept in memory, the most recent `capacity` of them.
 */
export class IdempotentSends {
  private readonly sent = new Map<string, { fingerprint: string; id: Promise<string> }>();

  constructor(
    private readonly gateway: SmsGateway,
    private readonly capacity = 10_000,
  ) {}

  async send(key: string, request: SmsRequest): Promise<{ id: string; replayed: boolean }> {
    const fingerprint = createHash('sha256').update(JSON.stringify([request.to, request.text, request.purpose])).digest('hex');
    const earlier = this.sent.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new StandInError(422, 'urn:theqa:sms:idempotency-key-reused', 'This Idempotency-Key was used for another message');
      }
      return { id: await earlier.id, replayed: true };
    }
    // Kept while in flight, so that a retry arriving before the first answer waits for the same send.
    const id = this.gateway.send(request);
    this.sent.set(key, { fingerprint, id });
    id.catch(() => this.sent.delete(key));
    if (this.sent.size > this.capacity) this.sent.delete(this.sent.keys().next().value as string);
    return { id: await id, replayed: false };
  }
}
