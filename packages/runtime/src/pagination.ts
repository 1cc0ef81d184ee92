/**
 * How a list operation pages, declared per operation by the overlay extension
 * `x-payspec-pagination` and copied into the generated client's definition.
 */
export type PaginationRule =
  | {
      /** Dotted path to the array of items in the response body. */
      items: string;
      /**
       * `param`: the query parameter carrying the 1-based page number. Then either `next`, the
       * dotted path to the next page number (null or absent on the last page), or `current` and
       * `last`, the dotted paths to the current and the last page numbers.
       */
      page: { param: string; next: string } | { param: string; current: string; last: string };
    }
  | {
      items: string;
      cursor: {
        /** Query parameter taking the cursor, for example `starting_after`. */
        param: string;
        /** Dotted path to the boolean saying more items exist. */
        hasMore: string;
        /** Property of the last item whose value is the next cursor, for example `id`. */
        from: string;
      };
    };

/** Fetches one page with the given extra query parameters; throws on failure. */
export type PageFetcher<Page> = (query: Record<string, unknown>) => Promise<Page>;

/**
 * The pages or the items of a list, fetched lazily one page at a time.
 *
 * @example
 * for await (const customer of client.paginate('/customers')) console.log(customer.email);
 * for await (const page of client.paginate('/customers').pages()) console.log(page);
 */
export class Paginator<Item, Page> implements AsyncIterable<Item> {
  readonly #fetchPage: PageFetcher<Page>;
  readonly #rule: PaginationRule;

  constructor(fetchPage: PageFetcher<Page>, rule: PaginationRule) {
    this.#fetchPage = fetchPage;
    this.#rule = rule;
  }

  /** Every page body in order, starting from the query the list was called with. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    let query: Record<string, unknown> | undefined = {};
    const seen = new Set<string>();
    while (query) {
      const page = await this.#fetchPage(query);
      yield page;
      query = nextQuery(this.#rule, page, itemsOf(this.#rule, page));
      // A provider that hands back the same page or cursor again would make this loop forever.
      const key = JSON.stringify(query);
      if (query && seen.has(key)) return;
      seen.add(key);
    }
  }

  /** Every item of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* itemsOf(this.#rule, page) as Item[];
  }

  /** Collects items into an array, stopping after `limit` of them (all when omitted). */
  async toArray(limit = Infinity): Promise<Item[]> {
    const items: Item[] = [];
    if (limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= limit) break;
    }
    return items;
  }
}

/** Reads a dotted path (`meta.current_page`) from a response body. */
export function readPath(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function itemsOf(rule: PaginationRule, page: unknown): unknown[] {
  const items = readPath(page, rule.items);
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw new TypeError(`pagination: \`${rule.items}\` in the response is not an array`);
  return items;
}

/** The query parameters of the page after `page`, or undefined when it was the last one. */
function nextQuery(rule: PaginationRule, page: unknown, items: unknown[]): Record<string, unknown> | undefined {
  if ('cursor' in rule) {
    const last = items.at(-1);
    if (readPath(page, rule.cursor.hasMore) !== true || last === undefined) return undefined;
    const cursor = readPath(last, rule.cursor.from);
    return cursor === undefined || cursor === null ? undefined : { [rule.cursor.param]: cursor };
  }
  if (items.length === 0) return undefined;
  if ('next' in rule.page) {
    const next = readPath(page, rule.page.next);
    return typeof next === 'number' || (typeof next === 'string' && next !== '') ? { [rule.page.param]: Number(next) } : undefined;
  }
  const current = Number(readPath(page, rule.page.current));
  const last = Number(readPath(page, rule.page.last));
  if (!Number.isInteger(current) || !Number.isInteger(last) || current >= last) return undefined;
  return { [rule.page.param]: current + 1 };
}
