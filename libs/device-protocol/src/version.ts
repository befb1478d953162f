/**
 * Every message between the server and a device names this version. A change of meaning gets a new
 * version, never a silent change; receivers refuse versions they do not know. An addition that an
 * older peer never receives unasked (a new challenge purpose such as `unseal`, an optional request
 * field such as `unseal_key`, an answer field that is there only when it was asked for) keeps the
 * version: an older server refuses the new purpose as unknown, which is the right answer.
 */
export const DEVICE_PROTOCOL_VERSION = 'theqa-device/1';
