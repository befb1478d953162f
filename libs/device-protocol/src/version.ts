/**
 * Every message between the server and a device names this version. A change of meaning gets a new
 * version, never a silent change; receivers refuse versions they do not know.
 */
export const DEVICE_PROTOCOL_VERSION = 'theqa-device/1';
