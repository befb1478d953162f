import type { Bilingual } from '@theqa/kernel';

/** How the Arabic lines write numbers: Arabic-Indic digits (٠١٢٣), as official Arabic text does, or 0123. */
export type ArabicDigits = 'arabic-indic' | 'latin';

/**
 * The signing time as the appearance shows it, in `timeZone` with its offset, year first (four digits make
 * the order unambiguous in both languages): `2025-01-15 10:42 +04:00` and `٢٠٢٥/٠١/١٥ ١٠:٤٢ +٠٤:٠٠`. Built
 * from numbers rather than a locale's format, which differs between ICU versions and carries bidi marks.
 */
export function formatSigningTime(at: Date, timeZone: string, digits: ArabicDigits = 'arabic-indic'): Bilingual {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', string>;
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  const offsetMinutes = Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  const time = `${parts.hour}:${parts.minute}`;
  const arabic = `${parts.year}/${parts.month}/${parts.day} ${time} ${offset}`;
  return {
    en: `${parts.year}-${parts.month}-${parts.day} ${time} ${offset}`,
    ar: digits === 'arabic-indic' ? toArabicIndic(arabic) : arabic,
  };
}

// A formatter costs a millisecond to make: one per time zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

export function toArabicIndic(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x660 + Number(digit)));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
