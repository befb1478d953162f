/** How long each step may take and how often it may be tried (the numbers as defaults). */
export interface JourneyLimits {
  stepMinutes: number;
  journeyMinutes: number;
  faceAttempts: number;
  otpMinutes: number;
  otpAttempts: number;
  otpResendSeconds: number;
  otpSends: number;
  selfieBytes: number;
}

export const DEFAULT_JOURNEY_LIMITS: JourneyLimits = {
  stepMinutes: 10,
  journeyMinutes: 30,
  faceAttempts: 3,
  otpMinutes: 5,
  otpAttempts: 3,
  otpResendSeconds: 60,
  otpSends: 3,
  // Fits the 1 MB JSON body limit once base64-encoded.
  selfieBytes: 600 * 1024,
};
