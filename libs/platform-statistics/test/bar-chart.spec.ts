import { barChartSvg, chartTable, dailySeries, daysOf, lastDays, StatisticsError, type DailySeries } from '../src';

/**
 * A strict check that a document is well-formed XML as this renderer writes it: every tag closed in
 * order, attributes quoted and not repeated, only the five predefined entities and numeric references.
 */
function wellFormed(xml: string): { ok: boolean; problem?: string } {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);|(<|&|>)/g;
  let match: RegExpExecArray | null;
  let at = 0;
  while ((match = token.exec(xml))) {
    const between = xml.slice(at, match.index);
    if (/[<>&]/.test(between)) return { ok: false, problem: `stray markup before ${match.index}` };
    at = token.lastIndex;
    if (match[5]) return { ok: false, problem: `stray "${match[5]}" at ${match.index}` };
    if (!match[2]) continue;
    const [, closing, name, attributes, selfClosing] = match;
    const names = [...attributes.matchAll(/([\w:.-]+)="/g)].map((m) => m[1]);
    if (new Set(names).size !== names.length) return { ok: false, problem: `repeated attribute in <${name}>` };
    if (closing) {
      if (stack.pop() !== name) return { ok: false, problem: `</${name}> closes nothing open` };
    } else if (!selfClosing) stack.push(name);
    if (stack.length === 0 && at < xml.length && !closing && !selfClosing) return { ok: false, problem: 'content after the root' };
  }
  if (/[<>&]/.test(xml.slice(at))) return { ok: false, problem: 'stray markup at the end' };
  return stack.length ? { ok: false, problem: `<${stack.pop()}> not closed` } : { ok: true };
}

describe('the bar chart', () => {
  const days = ['2026-03-01', '2026-03-02', '2026-03-03'];
  const logins: DailySeries = dailySeries({ ar: 'تسجيلات الدخول', en: 'Logins & <more>' }, { ar: 'لكل جهة', en: 'Per relying party' }, days, [
    { key: 'naql', label: { ar: 'نقل', en: 'Naql' }, counts: [3, 0, 12] },
    { key: 'invest', label: { ar: 'استثمر بسهولة', en: 'Invest Easy' }, counts: [1, 5, 0] },
  ]);

  it('is well-formed SVG, an accessible image labelled by its title and description', () => {
    const svg = barChartSvg(logins, { language: 'en', id: 'logins' });
    expect(wellFormed(svg)).toEqual({ ok: true });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" role="img" aria-labelledby="chart-logins-title chart-logins-desc"/);
    expect(svg).toContain('<title id="chart-logins-title">Logins &amp; &lt;more&gt;</title>');
    expect(svg).toContain('<desc id="chart-logins-desc">Per relying party, from 2026-03-01 to 2026-03-03: 21 in total.');
    expect(svg).not.toMatch(/<script/i);
    // The checker itself refuses what is not well-formed.
    expect(wellFormed('<svg><g></svg></g>').ok).toBe(false);
    expect(wellFormed('<svg><text>a & b</text></svg>').ok).toBe(false);
  });

  it('carries each number: a bar per non-zero count, the day totals, the legend totals', () => {
    const svg = barChartSvg(logins, { language: 'en', id: 'logins' });
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(4);
    for (const title of ['2026-03-01 · Naql: 3', '2026-03-01 · Invest Easy: 1', '2026-03-02 · Invest Easy: 5', '2026-03-03 · Naql: 12']) expect(svg).toContain(`<title>${title}</title>`);
    expect(svg).not.toContain('2026-03-02 · Naql');
    for (const total of ['>4</text>', '>5</text>', '>12</text>']) expect(svg).toContain(total);
    expect(svg).toContain('Naql (15)');
    expect(svg).toContain('Invest Easy (6)');
    // Bar heights are proportional: 12 of a 16 scale is three times 4.
    const height = (title: string) => Number(new RegExp(`height="([\\d.]+)"[^>]*><title>${title}`).exec(svg)![1]);
    expect(height('2026-03-03 · Naql: 12') / height('2026-03-01 · Naql: 3')).toBeCloseTo(4, 1);
  });

  it('runs right to left in Arabic: the first day on the right, Arabic labels', () => {
    const en = barChartSvg(logins, { language: 'en', id: 'x' });
    const ar = barChartSvg(logins, { language: 'ar', id: 'x' });
    expect(wellFormed(ar)).toEqual({ ok: true });
    expect(ar).toContain('lang="ar" direction="rtl"');
    expect(ar).toContain('<title id="chart-x-title">تسجيلات الدخول</title>');
    expect(ar).toContain('<title>2026-03-01 · نقل: 3</title>');
    const x = (svg: string, title: string) => Number(new RegExp(`<rect x="([\\d.]+)"[^>]*><title>${title}`).exec(svg)![1]);
    expect(x(en, '2026-03-01 · Naql: 3')).toBeLessThan(x(en, '2026-03-03 · Naql: 12'));
    expect(x(ar, '2026-03-01 · نقل: 3')).toBeGreaterThan(x(ar, '2026-03-03 · نقل: 12'));
  });

  it('draws an empty range, and folds more series than colours into "other"', () => {
    const empty = dailySeries({ ar: 'ت', en: 'E' }, { ar: 'د', en: 'D' }, days, [{ key: 'e', label: { ar: 'ت', en: 'E' }, counts: [0, 0, 0] }]);
    expect(wellFormed(barChartSvg(empty, { language: 'en', id: 'e' }))).toEqual({ ok: true });
    const many = dailySeries({ ar: 'ت', en: 'T' }, { ar: 'د', en: 'D' }, days, Array.from({ length: 10 }, (_, i) => ({ key: `rp${i}`, label: { ar: `ج${i}`, en: `RP${i}` }, counts: [1, 1, 1] })));
    const svg = barChartSvg(many, { language: 'en', id: 'm' });
    expect(svg).toContain('<title>2026-03-01 · Other: 3</title>');
    expect(svg).not.toContain('RP8');
  });

  it('gives the same numbers as a table, with a caption and headers', () => {
    const table = chartTable(logins, { language: 'en' });
    expect(wellFormed(table)).toEqual({ ok: true });
    expect(table).toContain('<caption>Logins &amp; &lt;more&gt;: Per relying party</caption>');
    expect(table).toContain('<thead><tr><th scope="col">Day</th><th scope="col">Naql</th><th scope="col">Invest Easy</th><th scope="col">Total</th></tr></thead>');
    expect(table).toContain('<tr><th scope="row">2026-03-03</th><td>12</td><td>0</td><td>12</td></tr>');
    expect(table).toContain('<tfoot><tr><th scope="row">Total</th><td>15</td><td>6</td><td>21</td></tr></tfoot>');
    const ar = chartTable(logins, { language: 'ar' });
    expect(ar).toMatch(/^<table class="chart-table" lang="ar" dir="rtl">/);
    expect(ar).toContain('<th scope="col">اليوم</th>');
  });
});

describe('ranges of days', () => {
  it('lists every day, both ends included', () => {
    expect(daysOf({ from: '2024-02-27', to: '2024-03-01' })).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('refuses a malformed, impossible, reversed or over-long range', () => {
    for (const range of [{ from: '2024-2-1', to: '2024-02-03' }, { from: '2023-02-29', to: '2023-03-01' }, { from: '2024-03-02', to: '2024-03-01' }, { from: '2024-01-01', to: '2025-01-02' }]) {
      expect(() => daysOf(range)).toThrow(StatisticsError);
    }
  });

  it('counts the last days in the time zone', () => {
    // 21:00 UTC on 31 March is already 1 April in Muscat.
    expect(lastDays(7, 'Asia/Muscat', new Date('2026-03-31T21:00:00Z'))).toEqual({ from: '2026-03-26', to: '2026-04-01' });
    expect(lastDays(7, 'UTC', new Date('2026-03-31T21:00:00Z'))).toEqual({ from: '2026-03-25', to: '2026-03-31' });
  });
});
