/**
 * The token of an `Authorization: Bearer <token>` header, or undefined for any other header. The
 * scheme is case-insensitive (RFC 9110 §11.1: `bearer` and `BEARER` name it too) and separated from
 * the token by one or more spaces. The token is taken as visible ASCII without spaces, up to
 * `maxLength` characters; what it must further look like is its checker's business (the issuance
 * API's token may be any printable secret, a journey token is 43 base64url characters).
 */
export function bearerToken(authorization: string | undefined, maxLength = 4096): string | undefined {
  const token = BEARER.exec(authorization ?? '')?.[1];
  return token !== undefined && token.length <= maxLength ? token : undefined;
}

const BEARER = /^bearer +([\x21-\x7e]+)$/i;
