/**
 * One loaded, initialised Cryptoki module per library path in this process. C_Initialize and C_Finalize
 * are process-wide: a store that finalised the module on close would break every other store on it.
 */
import { Module } from 'graphene-pk11';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as path from 'node:path';

/** CKF_OS_LOCKING_OK: sessions are used from libuv worker threads, so the module must lock for itself. */
const CKF_OS_LOCKING_OK = 0x2;

interface Loaded {
  module: Module;
  users: number;
  /** Slot → keyed hash of the PIN that logged in, to check the PIN of a later store on the same token. */
  logins: Map<string, Buffer>;
}

const loaded = new Map<string, Loaded>();
const pinHashKey = randomBytes(32);

export function acquireModule(library: string): Module {
  const key = path.resolve(library);
  let entry = loaded.get(key);
  if (!entry) {
    const module = Module.load(key);
    try {
      module.initialize({ flags: CKF_OS_LOCKING_OK });
    } catch (error) {
      module.close();
      throw error;
    }
    entry = { module, users: 0, logins: new Map() };
    loaded.set(key, entry);
  }
  entry.users++;
  return entry.module;
}

/** The last user finalises the module (which also logs out and closes its sessions) and unloads it. */
export function releaseModule(module: Module): void {
  const key = path.resolve(module.libFile);
  const entry = loaded.get(key);
  if (!entry || entry.module !== module || --entry.users > 0) return;
  loaded.delete(key);
  try {
    module.finalize();
  } finally {
    module.close();
  }
}

/**
 * C_Login answers CKR_USER_ALREADY_LOGGED_IN without looking at the PIN once any session of the process is
 * logged in to the token, so the PIN of that first login is remembered (as a keyed hash) to check later ones.
 */
export function rememberLogin(module: Module, slotId: string, pin: string): void {
  loaded.get(path.resolve(module.libFile))?.logins.set(slotId, pinHash(pin));
}

/** True when `pin` is the PIN this process logged in to the slot with; false when unknown or different. */
export function matchesLogin(module: Module, slotId: string, pin: string): boolean {
  const known = loaded.get(path.resolve(module.libFile))?.logins.get(slotId);
  return known !== undefined && timingSafeEqual(known, pinHash(pin));
}

function pinHash(pin: string): Buffer {
  return createHmac('sha256', pinHashKey).update(pin, 'utf8').digest();
}
