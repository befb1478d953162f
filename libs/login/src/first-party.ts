/**
 * The ID-token claim naming the device (its serial) that approved the login. The gateway adds it only
 * for the platform's own, first-party relying parties (the self-service portal, which ends a device's
 * sessions when that device is reported lost); no other relying party ever learns which device a
 * person used.
 */
export const DEVICE_CLAIM = 'theqa_device';
