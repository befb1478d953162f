import { IntegrationError, MAX_PUSH_PAYLOAD_BYTES, type PushMessage, type PushPayload } from '@theqa/integrations';
import { InMemoryPushChannel } from './in-memory-push-channel';

const device = 'device-7f3a.wallet';
const loginRequest = (n: number): PushPayload => ({
  type: 'login-request',
  alert: { ar: 'طلب مصادقة من منصة نقل', en: 'Authentication request from Naql' },
  data: { requestId: `req-${n}`, relyingParty: 'Naql' },
});

describe('InMemoryPushChannel', () => {
  let now: number;
  let channel: InMemoryPushChannel;

  beforeEach(() => {
    now = Date.parse('2026-03-01T08:00:00Z');
    channel = new InMemoryPushChannel({ backlogLimit: 20, clock: () => new Date(now) });
  });

  it('delivers at once to every listener of the device, and to no other device', async () => {
    const first: PushMessage[] = [];
    const second: PushMessage[] = [];
    const elsewhere: PushMessage[] = [];
    channel.listen(device, (m) => first.push(m));
    channel.listen(device, (m) => second.push(m));
    channel.listen('another-device', (m) => elsewhere.push(m));
    const id = await channel.notify(device, loginRequest(1), { ttlSeconds: 120 });
    expect(first).toEqual([
      { id, deviceId: device, payload: loginRequest(1), sentAt: '2026-03-01T08:00:00.000Z', expiresAt: '2026-03-01T08:02:00.000Z' },
    ]);
    expect(second).toEqual(first);
    expect(elsewhere).toEqual([]);
    expect(channel.backlog(device)).toEqual([]);
  });

  it('stops delivering to a listener that unsubscribed', async () => {
    const received: string[] = [];
    const stop = channel.listen(device, (m) => received.push(String(m.payload.data?.requestId)));
    await channel.notify(device, loginRequest(1));
    stop();
    expect(channel.listenerCount(device)).toBe(0);
    await channel.notify(device, loginRequest(2));
    expect(received).toEqual(['req-1']);
    expect(channel.backlog(device).map((m) => m.payload.data?.requestId)).toEqual(['req-2']);
  });

  it('keeps a bounded backlog for a device that is not listening, dropping the oldest', async () => {
    for (let n = 1; n <= 25; n++) await channel.notify(device, loginRequest(n));
    const backlog = channel.backlog(device).map((m) => m.payload.data?.requestId);
    expect(backlog).toHaveLength(20);
    expect(backlog[0]).toBe('req-6');
    expect(backlog.at(-1)).toBe('req-25');
  });

  it('delivers the backlog, in order, when the device listens again, then live notifications', async () => {
    for (let n = 1; n <= 3; n++) await channel.notify(device, loginRequest(n));
    const received: string[] = [];
    channel.listen(device, (m) => received.push(String(m.payload.data?.requestId)));
    expect(received).toEqual(['req-1', 'req-2', 'req-3']);
    expect(channel.backlog(device)).toEqual([]);
    await channel.notify(device, loginRequest(4));
    expect(received).toEqual(['req-1', 'req-2', 'req-3', 'req-4']);
  });

  it('drops backlog notifications whose time to live has passed', async () => {
    await channel.notify(device, loginRequest(1), { ttlSeconds: 60 });
    await channel.notify(device, loginRequest(2), { ttlSeconds: 600 });
    now += 61_000;
    const received: string[] = [];
    channel.listen(device, (m) => received.push(String(m.payload.data?.requestId)));
    expect(received).toEqual(['req-2']);
  });

  it('answers the sender the same way whether the phone listens or not', async () => {
    const queued = await channel.notify(device, loginRequest(1));
    channel.listen(device, () => undefined);
    const delivered = await channel.notify(device, loginRequest(2));
    expect([typeof queued, typeof delivered]).toEqual(['string', 'string']);
  });

  it('keeps delivering to the other listeners when one throws', async () => {
    const received: string[] = [];
    channel.listen(device, () => {
      throw new Error('stream closed');
    });
    channel.listen(device, (m) => received.push(m.id));
    const id = await channel.notify(device, loginRequest(1));
    expect(received).toEqual([id]);
  });

  it('hands each listener its own copy', async () => {
    const payload = loginRequest(1);
    channel.listen(device, (m) => (m.payload.type = 'changed'));
    const received: PushMessage[] = [];
    channel.listen(device, (m) => received.push(m));
    await channel.notify(device, payload);
    payload.type = 'changed-by-sender';
    expect(received[0].payload.type).toBe('login-request');
  });

  describe('as an async iterator', () => {
    it('yields the backlog then live notifications, and unsubscribes when the loop breaks', async () => {
      await channel.notify(device, loginRequest(1));
      const seen: string[] = [];
      const consumer = (async () => {
        for await (const message of channel.messages(device)) {
          seen.push(String(message.payload.data?.requestId));
          if (seen.length === 3) break;
        }
      })();
      await channel.notify(device, loginRequest(2));
      await channel.notify(device, loginRequest(3));
      await consumer;
      expect(seen).toEqual(['req-1', 'req-2', 'req-3']);
      expect(channel.listenerCount(device)).toBe(0);
      await channel.notify(device, loginRequest(4));
      expect(channel.backlog(device)).toHaveLength(1);
    });

    it('ends when its signal aborts, also while waiting', async () => {
      const abort = new AbortController();
      const iterator = channel.messages(device, { signal: abort.signal });
      const pending = iterator.next();
      abort.abort();
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
      await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
      expect(channel.listenerCount(device)).toBe(0);
    });

    it('bounds what an iterator has not yet taken', async () => {
      const iterator = channel.messages(device);
      for (let n = 1; n <= 30; n++) await channel.notify(device, loginRequest(n));
      const first = await iterator.next();
      expect(first.value?.payload.data?.requestId).toBe('req-11');
      await iterator.return?.();
    });
  });

  describe('refuses', () => {
    it.each([
      ['an empty device id', '', loginRequest(1), 'device-id-invalid'],
      ['a device id with spaces', 'my phone', loginRequest(1), 'device-id-invalid'],
      ['a payload without a type', device, { data: {} } as unknown as PushPayload, 'push-payload-invalid'],
      ['an alert in one language only', device, { type: 'login-request', alert: { en: 'Login' } } as unknown as PushPayload, 'push-payload-invalid'],
      ['data that is not plain JSON', device, { type: 'login-request', data: { at: new Date() } }, 'push-payload-invalid'],
      ['a payload over the size limit', device, { type: 'login-request', data: { blob: 'x'.repeat(MAX_PUSH_PAYLOAD_BYTES) } }, 'push-payload-invalid'],
    ])('%s', async (_, deviceId, payload, code) => {
      const error = await channel.notify(deviceId, payload).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ code, system: 'push' });
      expect(channel.backlog(device)).toEqual([]);
    });

    it('a time to live out of range', async () => {
      await expect(channel.notify(device, loginRequest(1), { ttlSeconds: 0 })).rejects.toMatchObject({ code: 'push-payload-invalid' });
    });
  });
});
