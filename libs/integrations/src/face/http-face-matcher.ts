import { IntegrationError } from '../errors';
import type { HttpEndpointOptions } from '../http/http-endpoint';
import { RemoteApi } from '../http/remote-api';
import type { FaceComparison, FaceMatcher } from './face-matcher';

export type HttpFaceMatcherOptions = HttpEndpointOptions;

/** The problem type by which the service says it could not read an image (README: wire contract). */
export const IMAGE_UNREADABLE_PROBLEM = 'urn:theqa:face-match:image-unreadable';

// Two images as base64 in one JSON body: a phone's selfie is a few hundred kilobytes.
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;

/**
 * Face matching over HTTP: `POST comparisons` with both images (base64), answered `{ match, score }`.
 * A comparison changes nothing at the service, so it is retried like a read. An image the service
 * cannot read is a 422 naming it, `image-unreadable` here as with the stand-in.
 */
export class HttpFaceMatcher implements FaceMatcher {
  private readonly api: RemoteApi;

  constructor(options: HttpFaceMatcherOptions) {
    this.api = new RemoteApi('face-match', options);
  }

  async compare(referencePhoto: Uint8Array, selfie: Uint8Array): Promise<FaceComparison> {
    const reference = checkImage(referencePhoto, 'reference');
    const probe = checkImage(selfie, 'selfie');
    const answer = await this.api.send({
      method: 'POST',
      path: ['comparisons'],
      json: { reference: reference.toString('base64'), selfie: probe.toString('base64') },
      idempotent: true,
      accept: 'application/json, application/problem+json',
      maxBytes: 64 * 1024,
      expected: [422],
    });
    if (answer.status === 422) {
      const image = answer.problem?.image;
      if (answer.problem?.type !== IMAGE_UNREADABLE_PROBLEM || (image !== 'reference' && image !== 'selfie')) throw this.api.rejected(answer);
      throw new IntegrationError('image-unreadable', `the ${image} image cannot be read${answer.problem.detail ? `: ${answer.problem.detail}` : ''}`, { image });
    }
    const json = this.api.json(answer) as { match?: unknown; score?: unknown } | null;
    const { match, score } = json ?? {};
    if (typeof match !== 'boolean' || typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      throw this.api.answerInvalid('answered without { match: boolean, score: 0…1 }');
    }
    return { match, score };
  }
}

function checkImage(bytes: Uint8Array, image: 'reference' | 'selfie'): Buffer {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new IntegrationError('image-unreadable', `the ${image} image is empty`, { image });
  if (bytes.length > MAX_IMAGE_BYTES) throw new IntegrationError('image-unreadable', `the ${image} image is larger than ${MAX_IMAGE_BYTES} bytes`, { image });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
