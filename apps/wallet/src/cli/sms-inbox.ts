import type { PlatformClient } from './platform-client';
import { WalletError } from './wallet-error';

interface OutboxMessage {
  to: string;
  purpose: string;
  text: string;
  sentAt: string;
}

/** Development only: the code from the SMS outbox, as the person would read it on their phone. */
export async function readOneTimeCode(client: PlatformClient, phone: string, purpose: string, since: Date, maskedRecord?: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const { messages } = await client.get<{ messages: OutboxMessage[] }>(`/dev/sms?phone=${encodeURIComponent(phone)}`);
    const latest = messages.filter((m) => m.purpose === purpose && new Date(m.sentAt) >= since).at(-1);
    const code = latest && /\b(\d{6})\b/.exec(latest.text)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new WalletError(
    `no code arrived at ${phone}: codes go to the phone on record${maskedRecord ? ` (${maskedRecord})` : ''}; pass it with --otp`,
    'otp-not-received',
  );
}
