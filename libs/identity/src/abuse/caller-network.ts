import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address is counted under: an IPv4 address itself (an IPv4-mapped IPv6 address as
 * IPv4), an IPv6 address by its /64, the smallest network a subscriber is given, so that one household
 * or server cannot multiply its allowance by changing the low 64 bits. Anything else is counted as it is.
 */
export function callerNetwork(address: string): string {
  const plain = address.split('%')[0].toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(plain) || !isIPv6(plain)) return plain;
  const [head, tail] = plain.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const left = groups(head);
  const right = groups(tail);
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
