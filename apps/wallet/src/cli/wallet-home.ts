import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SealedKey } from './sealed-key';
import { WalletError } from './wallet-error';

/** What a registered wallet keeps in its home folder (wallet.json, mode 0600, folder 0700). */
export interface WalletState {
  format: 'theqa-wallet/1';
  server: string;
  civil_number: string;
  /** The number typed at registration, where the dev CLI looks for SMS codes. */
  phone: string;
  device: { serial: string; platform: string; name: string };
  certificate: string;
  chain: string[];
  key: SealedKey;
  registered_at: string;
}

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

  async read(): Promise<WalletState> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      throw new WalletError(`no wallet in ${this.directory}: run "theqa wallet --home ${this.directory} register" first`, 'wallet-missing');
    }
    const state = JSON.parse(text) as WalletState;
    if (state.format !== 'theqa-wallet/1') throw new WalletError(`${this.file} is not a Theqa wallet`, 'wallet-invalid');
    return state;
  }

  /** Written to a temporary file and renamed: a crash never leaves half a wallet. */
  async write(state: WalletState): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    await fs.rename(temporary, this.file);
  }
}
