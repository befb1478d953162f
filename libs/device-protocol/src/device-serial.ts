/**
 * The serial number a user sees for a device (the portal lists devices by it): "THQ-" and two groups
 * of four Crockford base32 characters (no I, L, O, U: nothing to misread when read aloud).
 */
export const DEVICE_SERIAL_PATTERN = /^THQ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A serial from 8 random bytes (40 of their bits are used). */
export function deviceSerialFrom(random: Uint8Array): string {
  if (random.length < 5) throw new RangeError('a device serial needs 5 random bytes');
  let bits = 0n;
  for (const b of random.subarray(0, 5)) bits = (bits << 8n) | BigInt(b);
  let chars = '';
  for (let i = 0; i < 8; i++) {
    chars = CROCKFORD[Number(bits & 31n)] + chars;
    bits >>= 5n;
  }
  return `THQ-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

export function isDeviceSerial(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_SERIAL_PATTERN.test(value);
}
