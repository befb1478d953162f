import { createHash } from 'node:crypto';
import type { HttpEndpointOptions } from '../http/http-endpoint';
import { mediaType } from '../http/problem-details';
import { RemoteApi, type RemoteAnswer } from '../http/remote-api';
import { assertCivilNumber, type CardStatusReport, type CivilRegistry, type RegistryPhoto } from './civil-registry';
import { readCardStatus, readRegistryPerson, RegistryAnswerInvalid } from './registry-answer';
import type { RegistryPerson } from './registry-person';

export type HttpCivilRegistryOptions = HttpEndpointOptions;

/** The problem type by which the registry says it knows no such civil number (README: wire contract). */
export const PERSON_UNKNOWN_PROBLEM = 'urn:theqa:civil-registry:person-unknown';

const JSON_ACCEPT = 'application/json, application/problem+json';
const RECORD_LIMIT = 256 * 1024;
const PHOTO_LIMIT = 5 * 1024 * 1024;

/**
 * The civil registry over HTTP (README: wire contract): `GET persons/{civil number}`,
 * `…/photo`, `…/cards/{serial}`. "No such person" is a 404 whose problem type says so; any other 404
 * (a wrong base URL, a proxy's page) is `registry-rejected`, so a misconfiguration never passes for
 * "unknown". Records are checked field by field; anything else is `registry-answer-invalid`.
 */
export class HttpCivilRegistry implements CivilRegistry {
  private readonly api: RemoteApi;

  constructor(options: HttpCivilRegistryOptions) {
    this.api = new RemoteApi('civil-registry', options);
  }

  async findPerson(civilNumber: string): Promise<RegistryPerson | undefined> {
    assertCivilNumber(civilNumber);
    const answer = await this.api.send({ method: 'GET', path: ['persons', civilNumber], accept: JSON_ACCEPT, maxBytes: RECORD_LIMIT, expected: [404] });
    if (this.personUnknown(answer)) return undefined;
    return this.read(() => readRegistryPerson(this.api.json(answer), civilNumber));
  }

  async cardStatus(civilNumber: string, cardSerial: string): Promise<CardStatusReport> {
    assertCivilNumber(civilNumber);
    const unknown: CardStatusReport = { civilNumber, cardSerial, status: 'unknown', cardExpiryDate: null };
    // A serial no registry could have issued (read from a damaged or forged chip) is not worth a request.
    if (typeof cardSerial !== 'string' || !/^[A-Za-z0-9-]{1,32}$/.test(cardSerial)) return unknown;
    const answer = await this.api.send({ method: 'GET', path: ['persons', civilNumber, 'cards', cardSerial], accept: JSON_ACCEPT, maxBytes: RECORD_LIMIT, expected: [404] });
    if (this.personUnknown(answer)) return unknown;
    return this.read(() => readCardStatus(this.api.json(answer), civilNumber, cardSerial));
  }

  async photo(civilNumber: string): Promise<RegistryPhoto | undefined> {
    assertCivilNumber(civilNumber);
    const answer = await this.api.send({ method: 'GET', path: ['persons', civilNumber, 'photo'], accept: 'image/*, application/problem+json', maxBytes: PHOTO_LIMIT, expected: [404] });
    if (this.personUnknown(answer)) return undefined;
    const type = mediaType(answer.contentType);
    if (!/^image\/[a-z0-9.+-]+$/.test(type)) throw this.api.answerInvalid(`answered ${answer.contentType || 'without a content type'} where a photo was expected`);
    if (answer.body.length === 0) throw this.api.answerInvalid('answered with an empty photo');
    return { bytes: answer.body, mediaType: type, sha256: createHash('sha256').update(answer.body).digest('hex') };
  }

  private personUnknown(answer: RemoteAnswer): boolean {
    if (answer.status !== 404) return false;
    if (answer.problem?.type === PERSON_UNKNOWN_PROBLEM) return true;
    throw this.api.rejected(answer);
  }

  private read<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof RegistryAnswerInvalid)) throw error;
      throw this.api.answerInvalid(`answered with an invalid record: ${error.message}`, { field: error.field });
    }
  }
}
