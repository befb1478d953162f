import type { DataSource } from 'typeorm';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { IdentityError } from '@theqa/identity';
import { createDataSource, IdentityActivity, PostgresAuditLog } from '@theqa/persistence';

/**
 * A person's activity, paged newest first with the entry id as cursor (the portal's "activity" page):
 * events recorded while the person reads neither repeat nor shift the pages that follow.
 */
describe('the activity history, page by page', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let activity: IdentityActivity;
  // Ordinary registry persons 158 and 159: this suite's (EnrolmentHarness.persons has who takes which).
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const [person, other] = new SyntheticCivilRegistry()
    .listPersons()
    .filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)
    .slice(158, 160)
    .map((p) => p.civil_number);

  beforeAll(async () => {
    if (!person || !other) throw new Error('the synthetic registry has fewer than 160 ordinary persons');
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    activity = new IdentityActivity(dataSource, audit);
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  const note = (civilNumber: string, n: number) => activity.remember({ action: 'pin.wrong', civilNumber, actor: 'test', details: { failures: n } });

  it('goes back through the history without a repeat or a gap while new events arrive', async () => {
    for (let n = 1; n <= 25; n++) {
      await note(person, n);
      await note(other, n);
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    let arrived = 100;
    do {
      const page = await activity.page(person, { limit: 10, before: cursor });
      pages++;
      seen.push(...page.entries.filter((e) => (e.details.failures as number) < 100).map((e) => e.details.failures as number));
      expect(page.entries.every((e, i, all) => i === 0 || BigInt(all[i - 1].id) > BigInt(e.id))).toBe(true);
      cursor = page.older;
      // Newer events between the pages, for this person and another.
      await note(person, ++arrived);
      await note(other, arrived);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    // The first page now starts with what arrived meanwhile.
    const first = await activity.page(person, { limit: 3 });
    expect(first.entries.map((e) => e.details.failures)).toEqual([arrived, arrived - 1, arrived - 2]);
  });

  it('ends without a cursor on a page that is exactly full, and lists another person’s events to nobody else', async () => {
    const all = await activity.list(person, { limit: 100 });
    const last = await activity.page(person, { limit: 5, before: all[all.length - 6].id });
    expect(last.entries).toHaveLength(5);
    expect(last.older).toBeUndefined();
    expect(all.every((e) => e.event === 'pin.wrong')).toBe(true);
    const others = await activity.list(other, { limit: 100 });
    expect(new Set(others.map((e) => e.id)).size).toBe(others.length);
    expect(others.some((e) => all.some((mine) => mine.id === e.id))).toBe(false);
  });

  it('refuses a page size out of bounds and a cursor that is not an entry id, as bad input', async () => {
    for (const query of [{ limit: 0 }, { limit: 1000 }, { before: 'abc' }, { before: "1' OR '1'='1" }]) {
      await expect(activity.page(person, query)).rejects.toBeInstanceOf(IdentityError);
    }
  });
});
