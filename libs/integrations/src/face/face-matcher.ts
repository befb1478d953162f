/**
 * Face matching: does the selfie show the person of the registry photo? The enrolment and upgrade
 * journeys call it before sending the one-time code. Images that cannot be read are
 * `IntegrationError('image-unreadable')` (with `details.image`: `reference` or `selfie`); an
 * unreachable service is `face-match-unavailable` (retryable).
 */
export interface FaceMatcher {
  compare(referencePhoto: Uint8Array, selfie: Uint8Array): Promise<FaceComparison>;
}

export interface FaceComparison {
  /** The matcher's decision at its configured threshold. */
  match: boolean;
  /** Similarity in [0, 1]; higher is more alike. Comparable only within one matcher. */
  score: number;
}
