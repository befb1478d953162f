/** "+968 9••• ••67": enough for the person to recognise their number, too little to learn it. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  const country = digits.startsWith('968') ? '968' : digits.slice(0, 3);
  const national = digits.slice(country.length);
  const shown = national[0] + '•'.repeat(Math.max(0, national.length - 3)) + national.slice(-2);
  return `+${country} ${shown.slice(0, 4)} ${shown.slice(4)}`;
}
