/** How the review screens write numbers and times (Vietnamese conventions). */

/** A probability (0..1) as a percentage with one decimal: 0.9562 → "95,6 %". */
export function formatPercent(probability: number): string {
  return `${(probability * 100).toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
}

/** A rate with one decimal: 12.345 → "12,3". */
export function formatRate(value: number): string {
  return value.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('vi-VN');
}
