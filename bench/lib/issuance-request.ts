/** What POST /ca/certificates is sent in the benchmarks: a device certificate for one citizen. */
export function issuanceRequestBody(csrDer: Buffer): string {
  return JSON.stringify({
    csr: csrDer.toString('base64'),
    profile: 'device-authentication',
    identity: { civil_number: '12345678', given_name: 'Salim', surname: 'Al Harthy' },
  });
}

/** One issuance through the HTTP API; throws unless the answer is 201 with a certificate. */
export async function issueOverHttp(baseUrl: string, token: string, csrDer: Buffer): Promise<{ serial: string; certificate: string }> {
  const res = await fetch(`${baseUrl}/ca/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: issuanceRequestBody(csrDer),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST /ca/certificates answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as { serial: string; certificate: string };
  if (!body.certificate?.includes('BEGIN CERTIFICATE')) throw new Error(`POST /ca/certificates returned no certificate: ${text}`);
  return body;
}

/** PEM of a DER PKCS#10 request (what cfssl's sign API takes). */
export function csrPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
}
