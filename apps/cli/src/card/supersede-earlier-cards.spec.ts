import { CaError } from '@theqa/ca';
import type { IssuedCardCertificate } from '@theqa/persistence';
import { supersedeEarlierCards } from './supersede-earlier-cards';

const card = (serial: string, cardSerialNumber: string): IssuedCardCertificate => ({ certificateSerial: serial, civilNumber: '22334455', cardSerialNumber, cardLabel: `CARD-${cardSerialNumber}`, key: 'authentication' });

describe("a new ID card supersedes the person's earlier cards", () => {
  it('revokes, superseded, the certificates of the other cards; those revoked before are left as they are', async () => {
    const ledger = new Map([
      ['0A', 'good'],
      ['0B', 'on-hold'],
      ['0C', 'revoked'],
    ]);
    const asked: Array<{ serialHex: string; reason: string }> = [];
    const revoked = await supersedeEarlierCards(
      {
        cards: { ofOtherCards: async (civil, cardSerial) => (civil === '22334455' && cardSerial === 'NEW' ? [card('0A', 'OLD1'), card('0B', 'OLD1'), card('0C', 'OLD2')] : []) },
        revoke: async (request) => {
          asked.push(request);
          if (ledger.get(request.serialHex) === 'revoked') throw new CaError('revocation-invalid', 'already revoked', { status: 'revoked' });
          ledger.set(request.serialHex, 'revoked');
        },
      },
      { civilNumber: '22334455', cardSerialNumber: 'NEW' },
      'cli:issuer',
    );
    expect(revoked).toEqual(['0A', '0B']);
    expect(asked.map((r) => [r.serialHex, r.reason])).toEqual([
      ['0A', 'superseded'],
      ['0B', 'superseded'],
      ['0C', 'superseded'],
    ]);
  });

  it('any other failure stops the personalisation (it is not swallowed)', async () => {
    const failing = supersedeEarlierCards(
      { cards: { ofOtherCards: async () => [card('0A', 'OLD')] }, revoke: async () => Promise.reject(new Error('database down')) },
      { civilNumber: '22334455', cardSerialNumber: 'NEW' },
      'cli:issuer',
    );
    await expect(failing).rejects.toThrow('database down');
  });

  it('the same card personalised again supersedes nothing', async () => {
    let asked = 0;
    const revoked = await supersedeEarlierCards({ cards: { ofOtherCards: async () => [] }, revoke: async () => void asked++ }, { civilNumber: '22334455', cardSerialNumber: 'SAME' }, 'cli:issuer');
    expect(revoked).toEqual([]);
    expect(asked).toBe(0);
  });
});
