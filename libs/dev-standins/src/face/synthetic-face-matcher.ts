import { IntegrationError, type FaceComparison, type FaceMatcher } from '@theqa/integrations';
import { PngFormatError, decodePng, type RgbImage } from '../photo/png';

export interface SyntheticFaceMatcherOptions {
  /** Share of matching pixels from which two images are the same face. Default 0.85. */
  threshold?: number;
  /** Largest per-channel difference for two pixels to count as matching. Default 32. */
  tolerance?: number;
}

/**
 * The dev face matcher for the synthetic registry's photos. It reads both images (PNG only), samples
 * the selfie at the reference photo's size (a camera's image is bigger), and scores the share of
 * pixels whose colours agree within a tolerance. So the registry photo itself scores 1, the same
 * avatar re-taken as a selfie (rescaled, re-lit, noisy: `selfieOf`) scores close to 1, and another
 * person's avatar, whose background pattern and features differ, scores far below the threshold.
 * Deterministic, no model: it stands in for a real service's decision, not its method.
 */
export class SyntheticFaceMatcher implements FaceMatcher {
  readonly threshold: number;
  readonly tolerance: number;

  constructor(options: SyntheticFaceMatcherOptions = {}) {
    this.threshold = options.threshold ?? 0.85;
    this.tolerance = options.tolerance ?? 32;
  }

  async compare(referencePhoto: Uint8Array, selfie: Uint8Array): Promise<FaceComparison> {
    const reference = read(referencePhoto, 'reference');
    const probe = read(selfie, 'selfie');
    const score = Math.round(agreement(reference, probe, this.tolerance) * 1e4) / 1e4;
    return { match: score >= this.threshold, score };
  }
}

function read(bytes: Uint8Array, image: 'reference' | 'selfie'): RgbImage {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new IntegrationError('image-unreadable', `the ${image} image is empty`, { image });
  }
  try {
    return decodePng(bytes);
  } catch (error) {
    if (!(error instanceof PngFormatError)) throw error;
    throw new IntegrationError('image-unreadable', `the ${image} image cannot be read: ${error.message}`, { image });
  }
}

/** Share of the reference's pixels whose colour the probe, sampled at the same place, matches within `tolerance`. */
function agreement(reference: RgbImage, probe: RgbImage, tolerance: number): number {
  const { width, height } = reference;
  const ref = reference.pixels;
  const pro = probe.pixels;
  // Nearest-neighbour sampling: which probe column and row stand at each reference column and row.
  const columns = Int32Array.from({ length: width }, (_, x) => Math.floor(((x + 0.5) * probe.width) / width) * 3);
  let agreeing = 0;
  for (let y = 0; y < height; y++) {
    const probeRow = Math.floor(((y + 0.5) * probe.height) / height) * probe.width * 3;
    for (let x = 0, r = y * width * 3; x < width; x++, r += 3) {
      const p = probeRow + columns[x];
      // Plain arithmetic rather than Math.abs: a global lookup per pixel is slow where globals are
      // intercepted (Jest's VM contexts), and this loop runs for every pixel of every comparison.
      const dr = ref[r] - pro[p];
      const dg = ref[r + 1] - pro[p + 1];
      const db = ref[r + 2] - pro[p + 2];
      if (dr <= tolerance && -dr <= tolerance && dg <= tolerance && -dg <= tolerance && db <= tolerance && -db <= tolerance) agreeing++;
    }
  }
  return agreeing / (width * height);
}
