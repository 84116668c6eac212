/** File-name order as people expect it: "trang-2" before "trang-10". */
const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

export const naturalCompare = (a: string, b: string): number => collator.compare(a, b);

export function sortByName<T>(items: T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => naturalCompare(name(a), name(b)));
}
