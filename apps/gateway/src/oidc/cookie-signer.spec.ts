import Keygrip from 'keygrip';
import { CookieSigner } from './cookie-signer';

describe('CookieSigner', () => {
  const keys = ['k1-current-key-base64url', 'k0-previous-key'];
  const ours = new CookieSigner(keys);
  const keygrip = new Keygrip(keys);

  it("signs exactly as Keygrip's defaults, so cookies signed before still verify", () => {
    for (const data of ['_interaction=abc', '_session=Zx_9-é', '']) {
      expect(ours.sign(data)).toBe(keygrip.sign(data));
      expect(ours.index(data, keygrip.sign(data))).toBe(0);
    }
  });

  it('names the older key that signed a cookie, and refuses anything else', () => {
    const byOld = new Keygrip([keys[1]]).sign('_session=a');
    expect(ours.index('_session=a', byOld)).toBe(1);
    expect(keygrip.index('_session=a', byOld)).toBe(1);
    const good = ours.sign('_session=a');
    expect(ours.verify('_session=b', good)).toBe(false);
    expect(ours.verify('_session=a', `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(ours.verify('_session=a', `${good}=`)).toBe(false);
    expect(ours.verify('_session=a', good.slice(0, -2))).toBe(false);
    expect(ours.verify('_session=a', '')).toBe(false);
    expect(new CookieSigner(['another']).verify('_session=a', good)).toBe(false);
  });
});
