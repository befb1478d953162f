import { canonicalJson } from '@theqa/device-protocol';
import { IntegrationError } from '../errors';

/**
 * Push notifications to a citizen's registered device (the wallet): a login or signing request
 * waiting for approval. Delivery is best effort, as with APNs and FCM: a device that is offline gets
 * the notification later or, past its time to live, never; the journey does not depend on it (the QR
 * path remains). Refusals: `device-id-invalid`, `push-payload-invalid`; `push-unavailable` is retryable.
 */
export interface PushNotifier {
  /** Returns the notification's id. */
  notify(deviceId: string, payload: PushPayload, options?: PushOptions): Promise<string>;
}

export interface PushPayload {
  /** What the wallet is asked to do, e.g. `login-request`, `signing-request`. */
  type: string;
  /** The banner the phone shows, in both languages. */
  alert?: { ar: string; en: string };
  /** Plain JSON the wallet acts on (a request id, the relying party's name, the verification codes). */
  data?: Record<string, unknown>;
}

export interface PushOptions {
  /** Drop the notification if not delivered within this many seconds (a login request expires). */
  ttlSeconds?: number;
}

/** A notification as delivered. */
export interface PushMessage {
  id: string;
  deviceId: string;
  payload: PushPayload;
  /** ISO 8601 instants. */
  sentAt: string;
  expiresAt: string;
}

/** APNs' payload limit, the smaller of the two big services: a payload that fits goes anywhere. */
export const MAX_PUSH_PAYLOAD_BYTES = 4096;
export const DEFAULT_PUSH_TTL_SECONDS = 300;
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TYPE = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

/** Every check a push service makes before accepting a notification: production adapters call it too. */
export function checkPushRequest(deviceId: string, payload: PushPayload, options: PushOptions = {}): void {
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) {
    throw new IntegrationError('device-id-invalid', 'a device id is 1 to 128 letters, digits and . _ : -');
  }
  if (typeof payload?.type !== 'string' || !TYPE.test(payload.type)) {
    throw new IntegrationError('push-payload-invalid', 'a push payload needs a type such as login-request');
  }
  if (payload.alert !== undefined && (typeof payload.alert?.ar !== 'string' || typeof payload.alert?.en !== 'string')) {
    throw new IntegrationError('push-payload-invalid', 'a push alert has both an Arabic and an English text');
  }
  let size: number;
  try {
    size = Buffer.byteLength(canonicalJson(payload));
  } catch {
    throw new IntegrationError('push-payload-invalid', 'a push payload must be plain JSON data');
  }
  if (size > MAX_PUSH_PAYLOAD_BYTES) {
    throw new IntegrationError('push-payload-invalid', `a push payload may be at most ${MAX_PUSH_PAYLOAD_BYTES} bytes`, { size });
  }
  const ttl = options.ttlSeconds;
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > 28 * 24 * 3600)) {
    throw new IntegrationError('push-payload-invalid', 'a time to live is 1 second to 28 days');
  }
}
