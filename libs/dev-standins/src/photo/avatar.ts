import { SeededRandom } from '../seeded-random';
import type { RgbImage } from './png';

/** What a synthetic ID photo shows; everything else (colours, pattern, features) comes from `seed`. */
export interface AvatarTraits {
  seed: string;
  gender: 'Male' | 'Female';
  /** `dishdasha`: white robe and kuma or massar; `hijab`: head scarf; `shirt`: bare head. */
  attire: 'dishdasha' | 'hijab' | 'shirt';
  /** 0 lightest … 5 darkest. */
  skinTone: number;
  /** Grey hair and beard. */
  aged: boolean;
}

export const AVATAR_WIDTH = 64;
export const AVATAR_HEIGHT = 80;

type Rgb = readonly [number, number, number];

const SKIN: readonly Rgb[] = [
  [241, 206, 180],
  [224, 182, 146],
  [198, 149, 110],
  [170, 120, 84],
  [141, 96, 64],
  [105, 70, 48],
];
const HEADSCARF: readonly Rgb[] = [[25, 25, 30], [30, 40, 80], [110, 30, 45], [200, 180, 150], [90, 95, 100], [40, 90, 70]];
const HAIR: readonly Rgb[] = [[20, 15, 15], [55, 35, 20], [95, 60, 30]];
const GREY: Rgb = [185, 185, 180];

/**
 * A passport-style portrait in flat colours. The background is an identicon-like grid of 8×8 cells
 * drawn from the seed, so that any two persons' photos differ over a large share of their pixels
 * whatever their other traits: that is what lets the dev face matcher tell them apart.
 */
export function drawAvatar(traits: AvatarTraits): RgbImage {
  const random = new SeededRandom(`${traits.seed}:avatar`);
  const canvas = new Canvas(AVATAR_WIDTH, AVATAR_HEIGHT);

  const background = hsl(random.int(0, 359), 0.45, 0.72);
  const shade: Rgb = [background[0] * 0.62, background[1] * 0.62, background[2] * 0.62];
  for (let row = 0; row < AVATAR_HEIGHT / 8; row++) {
    for (let col = 0; col < AVATAR_WIDTH / 8; col++) {
      canvas.rect(col * 8, row * 8, 8, 8, random.chance(0.5) ? shade : background);
    }
  }

  const skin = SKIN[Math.max(0, Math.min(SKIN.length - 1, traits.skinTone))];
  const faceRx = random.int(11, 14);
  const faceRy = random.int(15, 18);
  const cy = 36;
  const hair = traits.aged ? GREY : random.pick(HAIR);
  const clothes: Rgb =
    traits.attire === 'dishdasha' ? [246, 246, 240] : traits.attire === 'hijab' ? random.pick(HEADSCARF) : hsl(random.int(0, 359), 0.55, 0.45);

  canvas.ellipse(32, 86, 31, 24, clothes);
  if (traits.attire === 'hijab') {
    canvas.ellipse(32, cy + 2, faceRx + 7, faceRy + 8, clothes);
  } else {
    canvas.rect(32 - 5, cy + faceRy - 4, 10, 12, skin);
    if (traits.gender === 'Female') canvas.ellipse(32, cy + 2, faceRx + 4, faceRy + 5, hair);
    else if (traits.attire === 'shirt') canvas.ellipse(32, cy - faceRy + 6, faceRx + 1, 9, hair);
  }
  canvas.ellipse(32, cy, faceRx, faceRy, skin);

  if (traits.attire === 'dishdasha') {
    const headwear = hsl(random.int(0, 359), 0.5, 0.5);
    if (random.chance(0.5)) {
      // A massar: a wound turban wider than the head.
      canvas.ellipse(32, cy - faceRy + 3, faceRx + 4, 7, headwear);
    } else {
      // A kuma: an embroidered cap with a band of dots.
      canvas.rect(32 - faceRx, cy - faceRy - 1, faceRx * 2, 8, [240, 238, 230]);
      for (let x = 32 - faceRx + 1; x < 32 + faceRx; x += 3) canvas.rect(x, cy - faceRy + 3, 1, 1, headwear);
    }
  }

  if (traits.gender === 'Male' && (traits.attire === 'dishdasha' || random.chance(0.4))) {
    canvas.ellipse(32, cy + faceRy - 5, faceRx - 2, 7, traits.aged ? GREY : HAIR[0]);
  }
  const eyeGap = random.int(4, 6);
  const eyeY = cy - random.int(1, 4);
  canvas.rect(32 - eyeGap - 3, eyeY, 3, 2, [35, 25, 25]);
  canvas.rect(32 + eyeGap, eyeY, 3, 2, [35, 25, 25]);
  canvas.rect(32 - eyeGap - 3, eyeY - 3, 4, 1, traits.aged ? GREY : HAIR[0]);
  canvas.rect(32 + eyeGap - 1, eyeY - 3, 4, 1, traits.aged ? GREY : HAIR[0]);
  if (random.chance(0.2)) {
    canvas.frame(32 - eyeGap - 5, eyeY - 2, 7, 6, [30, 30, 30]);
    canvas.frame(32 + eyeGap - 2, eyeY - 2, 7, 6, [30, 30, 30]);
  }
  canvas.rect(32 - 3, cy + random.int(8, 10), 6, 1, [150, 70, 70]);
  return canvas.image();
}

// Per pixel: a module-level binding rather than a global `Math` lookup each time.
const round = Math.round;

class Canvas {
  private readonly pixels: Uint8Array;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height * 3);
  }

  private set(x: number, y: number, colour: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const at = (y * this.width + x) * 3;
    this.pixels[at] = round(colour[0]);
    this.pixels[at + 1] = round(colour[1]);
    this.pixels[at + 2] = round(colour[2]);
  }

  rect(x0: number, y0: number, w: number, h: number, colour: Rgb): void {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) this.set(x, y, colour);
  }

  frame(x0: number, y0: number, w: number, h: number, colour: Rgb): void {
    this.rect(x0, y0, w, 1, colour);
    this.rect(x0, y0 + h - 1, w, 1, colour);
    this.rect(x0, y0, 1, h, colour);
    this.rect(x0 + w - 1, y0, 1, h, colour);
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, colour: Rgb): void {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      for (let x = Math.floor(cx - rx); x <= cx + rx; x++) {
        const dx = (x + 0.5 - cx) / rx;
        const dy = (y + 0.5 - cy) / ry;
        if (dx * dx + dy * dy <= 1) this.set(x, y, colour);
      }
    }
  }

  image(): RgbImage {
    return { width: this.width, height: this.height, pixels: this.pixels };
  }
}

function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const h = hue / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r, g, b] = h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = lightness - c / 2;
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}
