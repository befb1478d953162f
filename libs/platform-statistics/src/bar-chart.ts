import type { Language } from '@theqa/kernel';
import type { DailySeries } from './daily-series';

export interface BarChartOptions {
  language: Language;
  /** Prefix of the ids inside the SVG (its title and description): unique on the page. */
  id: string;
  width?: number;
  height?: number;
}

/**
 * Colours of the series, each at least 3:1 against white (WCAG 1.4.11) and told apart by the legend's
 * order and labels as well as by colour.
 */
const PALETTE = ['#1d4f91', '#b3541e', '#2e7d32', '#6a1b9a', '#00838f', '#ad1457', '#5d4037', '#37474f'];

const LABELS = {
  day: { ar: 'اليوم', en: 'Day' },
  total: { ar: 'المجموع', en: 'Total' },
  other: { ar: 'أخرى', en: 'Other' },
};

/**
 * A stacked bar chart of counts per day, as an SVG string rendered on the server: no script, a
 * role="img" with <title> and <desc> (the numbers are in each bar's <title> and, for every reader,
 * in the table chartTable renders beside it). Arabic runs right to left: the first day is on the
 * right and the axis of counts on the right too.
 */
export function barChartSvg(chart: DailySeries, options: BarChartOptions): string {
  const { language } = options;
  const rtl = language === 'ar';
  const width = options.width ?? 720;
  const height = options.height ?? 320;
  const series = limitedSeries(chart.series);
  const legendRows = series.length > 1 ? Math.ceil(series.length / 3) : 0;
  const margin = { top: 24, bottom: 40 + legendRows * 20, side: 48, end: 16 };
  const plot = { width: width - margin.side - margin.end, height: height - margin.top - margin.bottom };
  const totals = chart.days.map((_, day) => series.reduce((sum, s) => sum + s.counts[day], 0));
  const top = niceMax(Math.max(0, ...totals));
  const ticks = tickValues(top);
  // x of the plot's edge where the axis of counts is, and the direction days run from it.
  const axisX = rtl ? width - margin.side : margin.side;
  const along = (offset: number) => (rtl ? axisX - offset : axisX + offset);
  const slot = plot.width / Math.max(1, chart.days.length);
  const barWidth = Math.max(1, slot * 0.7);
  const plotLeft = rtl ? margin.end : margin.side;
  const plotRight = rtl ? width - margin.side : width - margin.end;
  const y = (value: number) => margin.top + plot.height - (value / top) * plot.height;
  const labelEvery = Math.max(1, Math.ceil(chart.days.length / 12));
  const id = safeId(options.id);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" lang="${language}" direction="${rtl ? 'rtl' : 'ltr'}" font-family="Noto Sans Arabic, Noto Sans, Arial, sans-serif" font-size="12">`,
    `<title id="${id}-title">${escape(chart.title[language])}</title>`,
    `<desc id="${id}-desc">${escape(describe(chart, language))}</desc>`,
  );
  // The axis of counts: gridlines and their values.
  for (const tick of ticks) {
    parts.push(`<line x1="${fmt(plotLeft)}" x2="${fmt(plotRight)}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}" stroke="#d0d4d9" stroke-width="1"/>`);
    const labelX = rtl ? width - margin.side + 6 : margin.side - 6;
    parts.push(`<text x="${fmt(labelX)}" y="${fmt(y(tick) + 4)}" text-anchor="${rtl ? 'start' : 'end'}" fill="#333">${tick}</text>`);
  }
  // The bars, stacked from the first series up.
  chart.days.forEach((day, index) => {
    const centre = along(slot * index + slot / 2);
    let base = 0;
    series.forEach((s, si) => {
      const value = s.counts[index];
      if (value > 0) {
        const top = y(base + value);
        parts.push(
          `<rect x="${fmt(centre - barWidth / 2)}" y="${fmt(top)}" width="${fmt(barWidth)}" height="${fmt(y(base) - top)}" fill="${PALETTE[si % PALETTE.length]}"><title>${escape(`${day} · ${s.label[language]}: ${value}`)}</title></rect>`,
        );
      }
      base += value;
    });
    if (totals[index] > 0 && chart.days.length <= 31) {
      parts.push(`<text x="${fmt(centre)}" y="${fmt(y(totals[index]) - 4)}" text-anchor="middle" font-size="10" fill="#111">${totals[index]}</text>`);
    }
    if (index % labelEvery === 0) {
      parts.push(`<text x="${fmt(centre)}" y="${fmt(margin.top + plot.height + 16)}" text-anchor="middle" fill="#333">${escape(shortDay(day))}</text>`);
    }
  });
  parts.push(`<line x1="${fmt(plotLeft)}" x2="${fmt(plotRight)}" y1="${fmt(y(0))}" y2="${fmt(y(0))}" stroke="#333" stroke-width="1"/>`);
  // The legend, when there is more than one series: a swatch and the label, in reading order.
  if (series.length > 1) {
    const columnWidth = (width - 2 * margin.side) / 3;
    series.forEach((s, si) => {
      const row = Math.floor(si / 3);
      const column = si % 3;
      const ly = height - legendRows * 20 + row * 20 - 4;
      const lx = rtl ? width - margin.side - column * columnWidth : margin.side + column * columnWidth;
      parts.push(`<rect x="${fmt(rtl ? lx - 12 : lx)}" y="${fmt(ly - 10)}" width="12" height="12" fill="${PALETTE[si % PALETTE.length]}"/>`);
      parts.push(`<text x="${fmt(rtl ? lx - 18 : lx + 18)}" y="${fmt(ly)}" text-anchor="start">${escape(`${s.label[language]} (${s.counts.reduce((a, b) => a + b, 0)})`)}</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * The same numbers as an HTML table (the chart's text alternative, readable without the picture):
 * a row per day, a column per series and the day's total.
 */
export function chartTable(chart: DailySeries, options: { language: Language }): string {
  const { language } = options;
  const series = limitedSeries(chart.series);
  const head = [`<th scope="col">${escape(LABELS.day[language])}</th>`, ...series.map((s) => `<th scope="col">${escape(s.label[language])}</th>`), `<th scope="col">${escape(LABELS.total[language])}</th>`];
  const rows = chart.days.map((day, index) => {
    const values = series.map((s) => s.counts[index]);
    return `<tr><th scope="row">${day}</th>${values.map((v) => `<td>${v}</td>`).join('')}<td>${values.reduce((a, b) => a + b, 0)}</td></tr>`;
  });
  const totals = series.map((s) => s.counts.reduce((a, b) => a + b, 0));
  return [
    `<table class="chart-table" lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`,
    `<caption>${escape(chart.title[language])}: ${escape(chart.description[language])}</caption>`,
    `<thead><tr>${head.join('')}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    `<tfoot><tr><th scope="row">${escape(LABELS.total[language])}</th>${totals.map((v) => `<td>${v}</td>`).join('')}<td>${chart.total}</td></tr></tfoot>`,
    '</table>',
  ].join('');
}

/** At most as many series as colours: the rest summed as "other" (logins of many relying parties). */
function limitedSeries(series: DailySeries['series']): DailySeries['series'] {
  if (series.length <= PALETTE.length) return series;
  const kept = series.slice(0, PALETTE.length - 1);
  const rest = series.slice(PALETTE.length - 1);
  return [...kept, { key: 'other', label: LABELS.other, counts: rest[0].counts.map((_, day) => rest.reduce((sum, s) => sum + s.counts[day], 0)) }];
}

function describe(chart: DailySeries, language: Language): string {
  const first = chart.days[0];
  const last = chart.days[chart.days.length - 1];
  return language === 'ar'
    ? `${chart.description.ar}، من ${first} إلى ${last}: المجموع ${chart.total}. الأرقام في الجدول المرافق.`
    : `${chart.description.en}, from ${first} to ${last}: ${chart.total} in total. The numbers are in the table beside it.`;
}

/** "2026-03-05" → "03-05": the year is in the description and the table. */
const shortDay = (day: string) => day.slice(5);

/** The smallest of 1, 2, 5 × 10ⁿ (and 4, for whole ticks) at or above the highest bar. */
function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** Four intervals, each a whole number (niceMax makes the top divisible by 4, or ticks it by halves). */
function tickValues(top: number): number[] {
  const step = top % 4 === 0 ? top / 4 : top / 5;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Math.round(i * step));
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function safeId(id: string): string {
  return `chart-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
