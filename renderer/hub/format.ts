/** How the review screens write numbers and times (Vietnamese conventions). */

/** A probability (0..1) as a percentage with one decimal: 0.9562 → "95,6 %". */
export function formatPercent(probability: number): string {
  return `${(probability * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** A rate with one decimal: 12.345 → "12,3". */
export function formatRate(value: number): string {
  return value.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** The district's time zone: the screens, the status page and the minutes agree whatever the browser's zone. */
const VIETNAM_TIME: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Ho_Chi_Minh', hour12: false };

/** A moment in Vietnam time, as the minutes PDF writes it. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('vi-VN', VIETNAM_TIME);
}

/** An AQL as ISO 2859-1 writes it: one decimal at least (1 → "1,0", 0.065 → "0,065"). */
export function formatAql(aql: number): string {
  return aql.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 3 });
}
