import type { Bilingual } from '@theqa/kernel';

/** Counts per day of one or more series: what a bar chart and its table show. */
export interface DailySeries {
  title: Bilingual;
  /** What the chart shows, in one sentence (the SVG's <desc>, the table's caption detail). */
  description: Bilingual;
  /** Every day of the range, YYYY-MM-DD, oldest first. */
  days: string[];
  series: Array<{ key: string; label: Bilingual; counts: number[] }>;
  /** The sum over every day and series. */
  total: number;
}

/** A series from the source's rows: a zero for each day it has nothing on. */
export function countsByDay(days: string[], rows: Array<{ day: string; count: number }>): number[] {
  const byDay = new Map<string, number>();
  for (const row of rows) byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.count);
  return days.map((day) => byDay.get(day) ?? 0);
}

export function dailySeries(title: Bilingual, description: Bilingual, days: string[], series: DailySeries['series']): DailySeries {
  return { title, description, days, series, total: series.reduce((sum, s) => sum + s.counts.reduce((a, b) => a + b, 0), 0) };
}
