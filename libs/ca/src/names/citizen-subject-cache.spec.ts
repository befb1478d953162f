import { CitizenSubjectCache } from './citizen-subject-cache';
import { citizenSubject, encodeName, type CitizenIdentity } from './distinguished-name';
import { CaError } from '../errors/ca-error';

const salim = { civilNumber: '12345678', givenName: 'Salim', surname: 'Al Harthy', fullName: 'Salim Nasser Al Harthy' };

describe('citizen subject cache', () => {
  it('gives the subject citizenSubject builds, encoded and described, and the same object for the same identity', () => {
    const cache = new CitizenSubjectCache();
    const subject = cache.get(salim);
    expect(subject.attributes).toEqual(citizenSubject(salim));
    expect(subject.der.equals(encodeName(citizenSubject(salim)))).toBe(true);
    expect(subject.description).toBe('C=OM, givenName=Salim, surname=Al Harthy, serialNumber=PNOOM-12345678, CN=Salim Nasser Al Harthy');
    expect(cache.get({ ...salim })).toBe(subject);
    expect(cache.get({ ...salim, civilNumber: '87654321' })).not.toBe(subject);
  });

  it('refuses invalid identities every time: nothing invalid is ever cached', () => {
    const cache = new CitizenSubjectCache();
    const bad = { ...salim, civilNumber: '12AB' };
    for (let i = 0; i < 2; i++) expect(() => cache.get(bad)).toThrow(CaError);
    const notStrings = { ...salim, givenName: { toString: () => 'Salim' } } as unknown as CitizenIdentity;
    cache.get(salim);
    expect(() => cache.get(notStrings)).toThrow(CaError);
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new CitizenSubjectCache(2);
    const a = cache.get({ ...salim, civilNumber: '11111111' });
    const b = cache.get({ ...salim, civilNumber: '22222222' });
    expect(cache.get({ ...salim, civilNumber: '11111111' })).toBe(a);
    cache.get({ ...salim, civilNumber: '33333333' });
    expect(cache.get({ ...salim, civilNumber: '11111111' })).toBe(a);
    expect(cache.get({ ...salim, civilNumber: '22222222' })).not.toBe(b);
  });
});
