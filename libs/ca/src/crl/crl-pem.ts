/** PEM "X509 CRL" armour (RFC 7468 §6): base64 in 64-character lines. */
export function crlToPem(der: Buffer): string {
  const base64 = der.toString('base64');
  const lines: string[] = ['-----BEGIN X509 CRL-----'];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  lines.push('-----END X509 CRL-----', '');
  return lines.join('\n');
}
