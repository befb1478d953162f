import type { DataSource } from 'typeorm';
import { checkPushRequest, DEFAULT_PUSH_TTL_SECONDS, type PushMessage, type PushNotifier, type PushOptions, type PushPayload } from '@theqa/integrations';

/**
 * The dev push port on PostgreSQL: a notification is a row until it expires, and the wallet fetches
 * what is newer than the last id it saw (long-poll, see the devices routes). Stateless across
 * instances; production adapters (APNs, FCM) implement the same PushNotifier.
 */
export class PostgresPushChannel implements PushNotifier {
  constructor(private readonly dataSource: DataSource) {}

  async notify(deviceId: string, payload: PushPayload, options: PushOptions = {}): Promise<string> {
    checkPushRequest(deviceId, payload, options);
    const ttl = options.ttlSeconds ?? DEFAULT_PUSH_TTL_SECONDS;
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO device_push (device, payload, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
      [deviceId, JSON.stringify(payload), ttl],
    );
    return String(rows[0].id);
  }

  /** Unexpired notifications for the device with an id above `after`, oldest first. */
  async pending(deviceId: string, after = 0, limit = 20): Promise<PushMessage[]> {
    const rows: { id: string; device: string; payload: PushPayload | string; sent_at: Date; expires_at: Date }[] = await this.dataSource.query(
      `SELECT id, device, payload, sent_at, expires_at FROM device_push WHERE device = $1 AND id > $2 AND expires_at > now() ORDER BY id LIMIT $3`,
      [deviceId, after, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      deviceId: r.device,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      sentAt: new Date(r.sent_at).toISOString(),
      expiresAt: new Date(r.expires_at).toISOString(),
    }));
  }
}
