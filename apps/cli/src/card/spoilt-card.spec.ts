import { CliError } from '../output';
import { revokeSpoiltCertificates } from './spoilt-card';

describe('a failed personalisation revokes what it had issued', () => {
  it("revokes each certificate (cessationOfOperation), then answers the personalisation's own failure", async () => {
    const revoked: Array<{ serialHex: string; reason: string }> = [];
    const failure = new Error('C_GenerateKeyPair failed on the PIN2 token');
    await expect(revokeSpoiltCertificates(['0A', '0B'], async (r) => void revoked.push(r), 'cli:issuer', failure)).rejects.toBe(failure);
    expect(revoked.map((r) => [r.serialHex, r.reason])).toEqual([
      ['0A', 'cessationOfOperation'],
      ['0B', 'cessationOfOperation'],
    ]);
  });

  it('nothing issued yet: only the failure', async () => {
    const failure = new Error('no blank slot');
    await expect(revokeSpoiltCertificates([], async () => undefined, 'cli:issuer', failure)).rejects.toBe(failure);
  });

  it('a certificate that cannot be revoked is named with the failure, for the operator', async () => {
    const outcome = revokeSpoiltCertificates(['0A'], async () => Promise.reject(new Error('database down')), 'cli:issuer', new Error('token removed'));
    await expect(outcome).rejects.toBeInstanceOf(CliError);
    await expect(outcome).rejects.toMatchObject({ code: 'card-personalisation-incomplete', message: 'token removed; and certificate 0A could not be revoked: database down' });
  });
});
