import { ProblemException, Problems } from '@theqa/http-shell';

/** The journey's bearer token from `Authorization: Bearer <token>`; the journey itself checks it. */
export function journeyToken(authorization: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(authorization ?? '');
  if (!match) throw new ProblemException(Problems.unauthorized, 'This step needs the journey token: Authorization: Bearer <journey_token>');
  return match[1];
}
