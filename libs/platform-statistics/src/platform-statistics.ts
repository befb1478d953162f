import { countsByDay, dailySeries, type DailySeries } from './daily-series';
import { daysOf, lastDays, type DayRange } from './day-range';
import type { StatisticsSource } from './statistics-source';

/** The dashboard's four charts over one range of days. */
export interface Dashboard {
  range: DayRange;
  timeZone: string;
  enrolments: DailySeries;
  /** One series per relying party that had a login in the range, the busiest first. */
  logins: DailySeries;
  signatures: DailySeries;
  revocations: DailySeries;
}

export interface PlatformStatisticsOptions {
  source: StatisticsSource;
  /** The IANA time zone the days are counted in (the ministry's: Asia/Muscat). */
  timeZone: string;
  clock?: () => Date;
}

/** Per-day counts of the platform's activity for the console's dashboard. No HTTP here. */
export class PlatformStatistics {
  constructor(private readonly options: PlatformStatisticsOptions) {}

  get timeZone(): string {
    return this.options.timeZone;
  }

  /** The last `days` days up to today (the dashboard's default range). */
  recentDays(days = 30): DayRange {
    return lastDays(days, this.options.timeZone, (this.options.clock ?? (() => new Date()))());
  }

  /** The four charts' counts; a malformed, reversed or over-long range is StatisticsError. */
  async dashboard(range: DayRange): Promise<Dashboard> {
    const days = daysOf(range);
    const { source, timeZone } = this.options;
    const [enrolments, logins, signatures, revocations] = await Promise.all([
      source.enrolments(range.from, range.to, timeZone),
      source.logins(range.from, range.to, timeZone),
      source.signatures(range.from, range.to, timeZone),
      source.revocations(range.from, range.to, timeZone),
    ]);
    const parties = new Map<string, { label: { ar: string; en: string }; rows: typeof logins }>();
    for (const row of logins) {
      const party = parties.get(row.clientId) ?? { label: row.name ?? { ar: row.clientId, en: row.clientId }, rows: [] };
      party.rows.push(row);
      parties.set(row.clientId, party);
    }
    const loginSeries = [...parties.entries()]
      .map(([key, party]) => ({ key, label: party.label, counts: countsByDay(days, party.rows) }))
      .sort((a, b) => sum(b.counts) - sum(a.counts) || a.key.localeCompare(b.key));
    return {
      range,
      timeZone,
      enrolments: dailySeries({ ar: 'التسجيلات', en: 'Enrolments' }, { ar: 'الهويات الرقمية المسجلة في كل يوم', en: 'Digital identities registered per day' }, days, [
        { key: 'enrolments', label: { ar: 'التسجيلات', en: 'Enrolments' }, counts: countsByDay(days, enrolments) },
      ]),
      logins: dailySeries({ ar: 'تسجيلات الدخول', en: 'Logins' }, { ar: 'تسجيلات الدخول الموافق عليها في كل يوم لكل جهة مستفيدة', en: 'Approved logins per day, per relying party' }, days, loginSeries),
      signatures: dailySeries({ ar: 'التوقيعات', en: 'Signatures' }, { ar: 'المستندات الموقعة في كل يوم', en: 'Documents signed per day' }, days, [
        { key: 'signatures', label: { ar: 'التوقيعات', en: 'Signatures' }, counts: countsByDay(days, signatures) },
      ]),
      revocations: dailySeries({ ar: 'الإلغاءات', en: 'Revocations' }, { ar: 'الشهادات الملغاة في كل يوم', en: 'Certificates revoked per day' }, days, [
        { key: 'revocations', label: { ar: 'الإلغاءات', en: 'Revocations' }, counts: countsByDay(days, revocations) },
      ]),
    };
  }
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
