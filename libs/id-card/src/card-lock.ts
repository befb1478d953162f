/**
 * One operation at a time on a card token, across the processes of this machine, as a card reader
 * serialises commands to a chip. Without it, two card apps could each read "two wrong tries", each spend
 * a third, and try four PINs. The lock is a file created exclusively (O_EXCL) beside the others in a
 * folder (the system's temporary folder by default), naming the holding process, so that a lock left by
 * a process that died is taken over rather than blocking the card for good.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CardError } from './card-error';

/** Longer than any PIN try and signature on a real card (a few seconds at most). */
const WAIT_MS = 20_000;

export async function withTokenLock<T>(serial: string, work: () => Promise<T>, directory = os.tmpdir(), waitMs = WAIT_MS): Promise<T> {
  const file = path.join(directory, `theqa-card-${serial.replace(/[^A-Za-z0-9]/g, '_')}.lock`);
  const deadline = Date.now() + waitMs;
  while (!take(file)) {
    if (holderIsGone(file)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new CardError('card-busy');
    await sleep(20 + Math.floor(Math.random() * 30));
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function take(file: string): boolean {
  try {
    fs.writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new CardError('token-error', `cannot lock the card: ${(error as Error).message}`);
  }
}

/** The holder named in the file no longer runs (an empty file is one being written: not gone). */
function holderIsGone(file: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
