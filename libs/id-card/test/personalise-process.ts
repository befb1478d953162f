/**
 * One personalisation in a process of its own, as `theqa card personalise` runs: started by
 * card-personalisation.spec.ts several times at once. Argument: the card label, the lock folder, and the
 * instant (ms since the epoch) to start at, so that the processes' personalisations really meet.
 * Answers one JSON line: the tokens' serials, or the card's refusal code.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openTestAuthority } from '@theqa/web-eid/testing';
import { CardError, personaliseCard } from '../src';
import { issuerFor, personalisation, softHsmModule } from './card-issuer';

async function main(): Promise<void> {
  const [card, lockDirectory, startAt] = process.argv.slice(2);
  const ca = await openTestAuthority();
  const issue = issuerFor(ca, { civilNumber: '90150018', givenName: 'Atomic', surname: 'Card', fullName: 'Atomic Card Holder' }, new Date(Date.now() + 30 * 86_400_000));
  await sleep(Math.max(0, Number(startAt) - Date.now()));
  try {
    const tokens = await personaliseCard(personalisation(card, softHsmModule(), lockDirectory), issue);
    process.stdout.write(`${JSON.stringify({ outcome: 'personalised', serials: tokens.map((t) => t.serial) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ outcome: error instanceof CardError ? error.code : String(error) })}\n`);
  }
}

void main();
