export { PlatformStatistics, type Dashboard, type PlatformStatisticsOptions } from './platform-statistics';
export { daysOf, lastDays, StatisticsError, MAX_RANGE_DAYS, type DayRange } from './day-range';
export { countsByDay, dailySeries, type DailySeries } from './daily-series';
export type { StatisticsSource, DayCount, RelyingPartyDayCount } from './statistics-source';
export { barChartSvg, chartTable, type BarChartOptions } from './bar-chart';
