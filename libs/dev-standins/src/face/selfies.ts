import { createHash } from 'node:crypto';
import { decodePng, encodePng } from '../photo/png';
import type { SyntheticCivilRegistry } from '../registry/synthetic-civil-registry';

/**
 * A "selfie" of the person in a registry photo, as a phone camera would take it: twice the size,
 * a little brighter, with sensor noise and a patch of glare, encoded differently. It is never
 * byte-identical to the photo, yet `SyntheticFaceMatcher` matches it (score about 0.99).
 */
export function selfieFromPhoto(photo: Uint8Array): Buffer {
  const source = decodePng(photo);
  const width = source.width * 2;
  const height = source.height * 2;
  const noise = createHash('sha256').update(photo).digest();
  const pixels = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = ((y >> 1) * source.width + (x >> 1)) * 3;
      const to = (y * width + x) * 3;
      // Glare on the upper left of the forehead: the few pixels a real selfie would not match.
      const glare = x >= 44 && x < 54 && y >= 30 && y < 40;
      for (let c = 0; c < 3; c++) {
        const jitter = (noise[(to + c) % noise.length] % 13) - 6;
        pixels[to + c] = glare ? 255 : clamp(source.pixels[from + c] + 10 + jitter);
      }
    }
  }
  return encodePng({ width, height, pixels }, { filter: 'sub' });
}

/** A selfie of the test person (their own face): the face matcher says it matches. */
export function selfieOf(registry: SyntheticCivilRegistry, civilNumber: string): Buffer {
  return selfieFromPhoto(photoOf(registry, civilNumber));
}

/**
 * A selfie of someone else (the next person in the registry, by civil number), as an impostor
 * holding this person's card would take it: the face matcher says it does not match.
 */
export function impostorSelfieFor(registry: SyntheticCivilRegistry, civilNumber: string): Buffer {
  const civilNumbers = registry.civilNumbers();
  const index = civilNumbers.indexOf(civilNumber);
  if (index < 0) throw new RangeError(`no person ${civilNumber} in the synthetic registry`);
  return selfieFromPhoto(photoOf(registry, civilNumbers[(index + 1) % civilNumbers.length]));
}

function photoOf(registry: SyntheticCivilRegistry, civilNumber: string): Buffer {
  const photo = registry.photoBytes(civilNumber);
  if (!photo) throw new RangeError(`no person ${civilNumber} in the synthetic registry`);
  return photo;
}

// Per byte, so plain comparisons rather than Math.min / Math.max lookups.
function clamp(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}
