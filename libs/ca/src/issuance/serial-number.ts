import { randomFillSync } from 'node:crypto';

export const SERIAL_BYTES = 16;

// CSPRNG bytes drawn 256 serials at a time: one call into OpenSSL instead of one per certificate.
// Each serial is copied out and its bytes are never handed out twice.
const pool = Buffer.alloc(SERIAL_BYTES * 256);
let poolOffset = pool.length;

function pooledRandom(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return bytes;
}

/**
 * 16 random bytes with the top bit cleared and the next set: always positive, always 16 octets
 * (126 random bits, well over the 64 the CA/B Forum asks for), never needing a leading zero.
 */
export function drawSerial(random: (n: number) => Buffer = pooledRandom): Buffer {
  const serial = random(SERIAL_BYTES);
  serial[0] = (serial[0] & 0x3f) | 0x40;
  return serial;
}

export const serialHex = (serial: Buffer) => serial.toString('hex').toUpperCase();
