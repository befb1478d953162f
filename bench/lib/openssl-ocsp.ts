import { spawnSync } from 'node:child_process';

/** `openssl ocsp -issuer … -cert … [-no_nonce] -reqout <file>`: the request a real client would send. */
export function opensslOcspRequest(options: { issuerPem: string; certPem: string; nonce: boolean; out: string }): void {
  const result = spawnSync('openssl', ['ocsp', '-issuer', options.issuerPem, '-cert', options.certPem, ...(options.nonce ? [] : ['-no_nonce']), '-reqout', options.out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ocsp -reqout failed: ${result.stderr}`);
}

/**
 * Has OpenSSL check an OCSP answer: signature and responder chain up to `caFile`, and the status of the
 * certificate "good". With `requestDer`, the request is given too (-reqin), so OpenSSL also checks that
 * the nonce came back.
 */
export function opensslCheckOcspResponse(options: { responseFile: string; caFile: string; untrusted?: string; requestFile: string; nonce: boolean }): string {
  const args = ['ocsp', '-respin', options.responseFile, '-reqin', options.requestFile, '-CAfile', options.caFile, '-resp_text'];
  if (options.untrusted) args.push('-verify_other', options.untrusted);
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  const output = `${result.stdout}\n${result.stderr}`;
  const failures: string[] = [];
  if (result.status !== 0) failures.push(`exit status ${result.status}`);
  if (!/Response verify OK/.test(output)) failures.push('signature or responder chain not verified');
  if (!/Cert Status: good/.test(output)) failures.push('status is not good');
  if (/Nonce Verify error/.test(output)) failures.push('nonce does not match');
  if (options.nonce && !/OCSP Nonce/.test(output)) failures.push('no nonce in the response');
  if (failures.length) throw new Error(`OpenSSL rejects the OCSP answer in ${options.responseFile}: ${failures.join(', ')}\n${output}`);
  return /This Update: (.*)/.exec(output)?.[1]?.trim() ?? '';
}
