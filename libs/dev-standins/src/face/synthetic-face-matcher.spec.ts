import { IntegrationError } from '@theqa/integrations';
import { encodePng } from '../photo/png';
import { SyntheticCivilRegistry } from '../registry/synthetic-civil-registry';
import { TEST_PERSONS } from '../registry/test-persons';
import { impostorSelfieFor, selfieFromPhoto, selfieOf } from './selfies';
import { SyntheticFaceMatcher } from './synthetic-face-matcher';

const registry = new SyntheticCivilRegistry({ referenceDate: '2026-01-01' });
const matcher = new SyntheticFaceMatcher();
const photoOf = (civilNumber: string) => registry.photoBytes(civilNumber)!;
const demo = TEST_PERSONS.demo;

describe('SyntheticFaceMatcher', () => {
  it('matches the registry photo with itself at score 1', async () => {
    await expect(matcher.compare(photoOf(demo), photoOf(demo))).resolves.toEqual({ match: true, score: 1 });
  });

  it('matches a selfie of the same person: larger, re-lit, noisy, re-encoded, not byte-identical', async () => {
    const selfie = selfieOf(registry, demo);
    expect(selfie.equals(photoOf(demo))).toBe(false);
    const result = await matcher.compare(photoOf(demo), selfie);
    expect(result.match).toBe(true);
    expect(result.score).toBeGreaterThan(0.95);
    expect(result.score).toBeLessThan(1);
  });

  it('matches every person with their own selfie and not with an impostor’s', async () => {
    for (const p of registry.listPersons()) {
      const own = await matcher.compare(photoOf(p.civil_number), selfieOf(registry, p.civil_number));
      const impostor = await matcher.compare(photoOf(p.civil_number), impostorSelfieFor(registry, p.civil_number));
      expect({ civil: p.civil_number, own: own.match, impostor: impostor.match }).toEqual({ civil: p.civil_number, own: true, impostor: false });
    }
  });

  it('never matches two different persons’ photos', async () => {
    const photos = registry.listPersons().map((p) => photoOf(p.civil_number));
    let highest = 0;
    for (let i = 0; i < photos.length; i++) {
      for (let j = i + 1; j < photos.length; j++) highest = Math.max(highest, (await matcher.compare(photos[i], photos[j])).score);
    }
    expect(highest).toBeLessThan(matcher.threshold);
  });

  it('is deterministic', async () => {
    const selfie = impostorSelfieFor(registry, demo);
    expect(impostorSelfieFor(new SyntheticCivilRegistry({ referenceDate: '2026-01-01' }), demo).equals(selfie)).toBe(true);
    await expect(matcher.compare(photoOf(demo), selfie)).resolves.toEqual(await matcher.compare(photoOf(demo), selfie));
  });

  it('refuses empty and non-image input with a typed error naming the image', async () => {
    const cases: [Uint8Array, Uint8Array, 'reference' | 'selfie'][] = [
      [photoOf(demo), new Uint8Array(0), 'selfie'],
      [photoOf(demo), Buffer.from('not an image at all'), 'selfie'],
      [photoOf(demo), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]), 'selfie'], // a JPEG header
      [Buffer.alloc(0), photoOf(demo), 'reference'],
    ];
    for (const [reference, selfie, image] of cases) {
      const error = await matcher.compare(reference, selfie).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ code: 'image-unreadable', system: 'face-match', retryable: false, details: { image } });
    }
  });

  it('refuses a PNG damaged in transit', async () => {
    const damaged = Buffer.from(selfieOf(registry, demo));
    damaged[100] ^= 0xff;
    await expect(matcher.compare(photoOf(demo), damaged)).rejects.toMatchObject({ code: 'image-unreadable', message: expect.stringMatching(/CRC/) });
  });

  it('compares images of any size and does not match a blank frame', async () => {
    const blank = encodePng({ width: 120, height: 150, pixels: new Uint8Array(120 * 150 * 3).fill(128) });
    await expect(matcher.compare(photoOf(demo), blank)).resolves.toMatchObject({ match: false });
    expect(selfieFromPhoto(photoOf(demo)).equals(selfieOf(registry, demo))).toBe(true);
  });
});
