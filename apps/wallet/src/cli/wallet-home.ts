import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LegacySealedKey, SealedKey } from './sealed-key';
import { WalletError } from './wallet-error';

/** What a registered wallet keeps in its home folder (wallet.json, mode 0600, folder 0700). */
export interface WalletState {
  format: 'theqa-wallet/2';
  server: string;
  civil_number: string;
  /** The number typed at registration, where the dev CLI looks for SMS codes. */
  phone: string;
  device: { serial: string; platform: string; name: string };
  certificate: string;
  chain: string[];
  /** The device key, sealed under the secret the server releases for a right PIN (sealed-key.ts). */
  key: SealedKey;
  /**
   * PKCS#8 DER (base64) of the unseal key, not sealed: it signs only `unseal` answers, so it lets its
   * holder try a PIN against the server's count, as a stolen phone would, and nothing more.
   */
  unseal_key: string;
  /**
   * The signing key (made on this device at the upgrade to HIGH; never the device key), sealed as the
   * device key is but bound to another purpose, with its qualified signing certificate and chain (PEM).
   */
  signing?: { key: SealedKey; certificate: string; chain: string[] };
  /**
   * An upgrade to HIGH this wallet took up (it scanned the portal's code) and has not finished: the
   * journey's bearer token, so that `wallet upgrade` without a code carries it on where it stopped.
   */
  upgrade?: { journey_token: string; taken_up_at: string };
  registered_at: string;
}

/** A wallet written before server-assisted unsealing: its key is sealed under the PIN alone. */
export type LegacyWalletState = Omit<WalletState, 'format' | 'key' | 'unseal_key'> & { format: 'theqa-wallet/1'; key: LegacySealedKey };

export class WalletHome {
  constructor(readonly directory: string) {}

  get file(): string {
    return path.join(this.directory, 'wallet.json');
  }

  async exists(): Promise<boolean> {
    return fs.access(this.file).then(
      () => true,
      () => false,
    );
  }

  /** The wallet, refusing one of the old format with the way out (a PIN reset gives it a new key). */
  async read(): Promise<WalletState> {
    const state = await this.readAnyVersion();
    if (state.format === 'theqa-wallet/1') {
      throw new WalletError(
        `this wallet was made by an older version that sealed its key under the PIN alone, so a copy of ${this.directory} could be guessed offline. ` +
          `Run "theqa wallet --home ${this.directory} pin reset --new-pin NNNNNN" (face match and SMS code): the device gets a new key that only the server's PIN check opens. ` +
          '— أنشأ إصدار سابق هذه المحفظة؛ أعد تعيين الرقم السري لإنشاء مفتاح جديد',
        'wallet-outdated',
      );
    }
    return state;
  }

  /** Either format: a PIN reset, which replaces the key, is how an old wallet moves to the new one. */
  async readAnyVersion(): Promise<WalletState | LegacyWalletState> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      throw new WalletError(`no wallet in ${this.directory}: run "theqa wallet --home ${this.directory} register" first`, 'wallet-missing');
    }
    const state = JSON.parse(text) as WalletState | LegacyWalletState;
    if (state.format === 'theqa-wallet/2' && state.key?.format === 'theqa-wallet-key/2' && typeof state.unseal_key === 'string') return state;
    if (state.format === 'theqa-wallet/1') return state;
    throw new WalletError(`${this.file} is not a Theqa wallet`, 'wallet-invalid');
  }

  /** Written to a temporary file and renamed: a crash never leaves half a wallet. */
  async write(state: WalletState): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    await fs.rename(temporary, this.file);
  }
}
