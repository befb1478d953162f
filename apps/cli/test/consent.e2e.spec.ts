import type { DataSource } from 'typeorm';
import { ConsentService } from '@theqa/consent';
import { AuditedConsentEvents, createDataSource, PostgresAuditLog, PostgresConsentStore, PostgresIssuedUnderConsent } from '@theqa/persistence';
import { theqaAsync } from '@theqa/testing';

/**
 * `npx theqa consent list | withdraw` on the test run's database (the portal will call the same
 * service). The commands run without blocking: in band, this process serves the embedded database.
 */
describe('the consent commands', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let service: ConsentService;
  const purpose = { ar: 'تقديم خدمات ودعم مخصص', en: 'Providing services and personalised support' };
  const person = () => String(40_000_000 + Math.floor(Math.random() * 9_000_000));

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    service = new ConsentService({ store: new PostgresConsentStore(dataSource), events: new AuditedConsentEvents(audit), issued: new PostgresIssuedUnderConsent(dataSource) });
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  it('list and withdraw, with --json and clear refusals', async () => {
    const civilNumber = person();
    const granted = await service.grant({ civilNumber, clientId: 'invest-easy', claims: ['civil_number'], purpose, actor: 'test' });
    const env = { ...process.env };
    const listed = await theqaAsync(['consent', 'list', '--civil-number', civilNumber, '--json'], env);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout).consents).toEqual([expect.objectContaining({ id: granted.id, client_id: 'invest-easy', withdrawn_at: null })]);
    const withdrawn = await theqaAsync(['consent', 'withdraw', '--id', granted.id, '--json'], env);
    expect(withdrawn.status).toBe(0);
    expect(JSON.parse(withdrawn.stdout).withdrawn_at).not.toBeNull();
    const again = await theqaAsync(['consent', 'withdraw', '--id', granted.id, '--json'], env);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('consent-withdrawn');
    expect((await theqaAsync(['consent', 'list', '--civil-number', 'x', '--json'], env)).status).toBe(2);
  });
});
