import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTokenLock } from './card-lock';

describe('one operation at a time per card token', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-card-lock-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the holders of one token one after another, and those of another token alongside', async () => {
    const events: string[] = [];
    const hold = (serial: string, name: string, ms: number) =>
      withTokenLock(
        serial,
        async () => {
          events.push(`${name}+`);
          await sleep(ms);
          events.push(`${name}-`);
        },
        dir,
      );
    await Promise.all([hold('A1', 'a', 60), hold('A1', 'b', 10), hold('A1', 'c', 10), hold('B2', 'x', 10)]);
    const sameToken = events.filter((e) => !e.startsWith('x'));
    for (let i = 0; i < sameToken.length; i += 2) expect(sameToken[i].slice(0, 1)).toBe(sameToken[i + 1].slice(0, 1));
    // The other token's holder did not wait for a's 60 ms.
    expect(events.indexOf('x-')).toBeLessThan(events.indexOf('a-'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('takes over a lock whose holder is gone, and releases the lock when the work fails', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(path.join(dir, 'theqa-card-C3.lock'), String(gone));
    await expect(withTokenLock('C3', async () => 'ran', dir)).resolves.toBe('ran');
    await expect(withTokenLock('C3', async () => Promise.reject(new Error('the card said no')), dir)).rejects.toThrow('the card said no');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
