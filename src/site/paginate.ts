/** One page of a paginated list: which items it shows and where its siblings are. */
export interface Paginated<T> {
  items: T[];
  /** 1-based page number. */
  page: number;
  total: number;
  /** Site path of this page and of every page in the list, in order. */
  url: string;
  urls: string[];
}

/**
 * Pure: splits `items` into pages of `size`. Page 1 lives at `base`, page n at `base + 'page/n/'`
 * (Hugo's and Jekyll's scheme, so links stay stable as items arrive). An empty list still has one page,
 * so a new site's home page exists.
 */
export function paginate<T>(items: readonly T[], size: number, base: string): Paginated<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const urls = Array.from({ length: total }, (_, i) => (i === 0 ? base : `${base}page/${i + 1}/`));
  return urls.map((url, i) => ({ items: items.slice(i * size, (i + 1) * size), page: i + 1, total, url, urls }));
}
