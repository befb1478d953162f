import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { consentCovers, ConsentService } from '@theqa/consent';
import { AuditedConsentEvents, createDataSource, PostgresAuditLog, PostgresConsentStore } from '../src';

/** Consents on PostgreSQL: grant, the current one, withdrawal (once), the audit trail. */
describe('consents on PostgreSQL', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let service: ConsentService;
  const purpose = { ar: 'تقديم خدمات ودعم مخصص', en: 'Providing services and personalised support' };
  const person = () => String(30_000_000 + Math.floor(Math.random() * 9_000_000));

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    service = new ConsentService(new PostgresConsentStore(dataSource), new AuditedConsentEvents(audit));
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  it('grants, finds the current consent, withdraws it once, and audits both', async () => {
    const civilNumber = person();
    const granted = await service.grant({ civilNumber, clientId: 'naql', claims: ['full_name_ar', 'civil_number'], purpose, actor: 'test' });
    expect(granted.claims).toEqual(['civil_number', 'full_name_ar']);
    const current = await service.current(civilNumber, 'naql');
    expect(current).toMatchObject({ id: granted.id, claims: ['civil_number', 'full_name_ar'], purpose });
    expect(consentCovers(current, ['civil_number'], purpose, new Date())).toBe(true);
    await expect(service.current(civilNumber, 'invest-easy')).resolves.toBeUndefined();

    const withdrawn = await service.withdraw(granted.id, 'test');
    expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
    await expect(service.withdraw(granted.id, 'test')).rejects.toMatchObject({ code: 'consent-withdrawn' });
    await expect(service.current(civilNumber, 'naql')).resolves.toBeUndefined();
    await expect(service.withdraw(randomUUID(), 'test')).rejects.toMatchObject({ code: 'consent-unknown' });
    await expect(service.withdraw('not-an-id', 'test')).rejects.toMatchObject({ code: 'consent-unknown' });

    await audit.flush();
    const actions = await dataSource.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY seq`, [civilNumber]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['consent.granted', 'consent.withdrawn']);
  });
});
