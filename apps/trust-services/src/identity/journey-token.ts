import { bearerToken, ProblemException, Problems } from '@theqa/http-shell';

/** The journey's bearer token from `Authorization: Bearer <token>` (any case of the scheme); the journey itself checks it. */
export function journeyToken(authorization: string | undefined): string {
  const token = bearerToken(authorization);
  if (token === undefined || !JOURNEY_TOKEN.test(token)) throw new ProblemException(Problems.unauthorized, 'This step needs the journey token: Authorization: Bearer <journey_token>');
  return token;
}

const JOURNEY_TOKEN = /^[A-Za-z0-9_-]{43}$/;
