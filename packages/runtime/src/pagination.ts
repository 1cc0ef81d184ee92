import { InvalidResponseError } from './errors.js';

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

/** One page as fetched: its body, and the path it came from (for errors). */
export interface FetchedPage<Page> {
  page: Page;
  path: string;
}

/** Fetches one page with the given extra query parameters; throws on failure. */
export type PageFetcher<Page> = (query: Record<string, unknown>) => Promise<FetchedPage<Page>>;

export interface PaginatorOptions {
  /** The page-number query value the walk starts from (the caller's own `page`, say); default 1. */
  firstPage?: unknown;
  /** Stop after this many pages (all pages when omitted). */
  maxPages?: number;
}

/**
 * The pages or the items of a list, fetched lazily one page at a time. A page is never yielded
 * twice: a provider that answers with nonsense (a cursor or page number it already gave, a next
 * page that is not a page number, the same items again, items that are not an array) ends the walk
 * with an `InvalidResponseError` instead of looping or repeating data.
 *
 * @example
 * for await (const customer of client.paginate('/customers')) console.log(customer.email);
 * for await (const page of client.paginate('/customers').pages()) console.log(page);
 */
export class Paginator<Item, Page> implements AsyncIterable<Item> {
  readonly #fetchPage: PageFetcher<Page>;
  readonly #rule: PaginationRule;
  readonly #options: PaginatorOptions;

  constructor(fetchPage: PageFetcher<Page>, rule: PaginationRule, options: PaginatorOptions = {}) {
    this.#fetchPage = fetchPage;
    this.#rule = rule;
    this.#options = options;
  }

  /** Every page body in order, starting from the query the list was called with. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    const rule = this.#rule;
    const walk = new Walk(rule, this.#options.firstPage);
    const maxPages = this.#options.maxPages ?? Infinity;
    let query: Record<string, unknown> | undefined = {};
    for (let count = 1; query && count <= maxPages; count++) {
      const { page, path } = await this.#fetchPage(query);
      const items = itemsOf(rule, page, path);
      walk.check(items, path);
      yield page;
      query = walk.next(page, items, path);
    }
  }

  /** Every item of every page, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* itemsOf(this.#rule, page, '') as Item[];
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

function nonsense(path: string, message: string): InvalidResponseError {
  return new InvalidResponseError(`pagination: ${message}`, { method: 'GET', path, attempts: 1, status: 200, bodySnippet: '' });
}

function itemsOf(rule: PaginationRule, page: unknown, path: string): unknown[] {
  const items = readPath(page, rule.items);
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw nonsense(path, `\`${rule.items}\` in the response is not an array`);
  return items;
}

/** A positive integer page number from a number or a string of digits, else undefined. */
function pageNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= 1 ? number : undefined;
}

/** The state of one walk: where it is, what it has seen, and what comes next. */
class Walk {
  #page: number;
  readonly #cursors = new Set<string>();
  #previousItems: string | undefined;

  constructor(
    private readonly rule: PaginationRule,
    firstPage: unknown,
  ) {
    this.#page = firstPage === undefined ? 1 : (pageNumber(firstPage) ?? 1);
  }

  /** Refuses a page whose items repeat the previous page's: the server ignored the page or cursor. */
  check(items: unknown[], path: string): void {
    const key = items.length ? JSON.stringify(items) : undefined;
    if (key !== undefined && key === this.#previousItems) throw nonsense(path, 'the server answered the same items again for the next page');
    this.#previousItems = key;
  }

  /** The query of the page after `page`, or undefined when it was the last one. */
  next(page: unknown, items: unknown[], path: string): Record<string, unknown> | undefined {
    const rule = this.rule;
    if ('cursor' in rule) {
      const last = items.at(-1);
      const more = readPath(page, rule.cursor.hasMore);
      if (more !== true || last === undefined) return undefined;
      const cursor = readPath(last, rule.cursor.from);
      if (typeof cursor !== 'string' && !(typeof cursor === 'number' && Number.isFinite(cursor))) {
        throw nonsense(path, `\`${rule.cursor.hasMore}\` is true but the last item has no usable \`${rule.cursor.from}\` to continue from`);
      }
      if (this.#cursors.has(String(cursor))) throw nonsense(path, `the cursor \`${rule.cursor.from}\` of the last item was already used`);
      this.#cursors.add(String(cursor));
      return { [rule.cursor.param]: cursor };
    }
    if (items.length === 0) return undefined;
    if ('next' in rule.page) {
      const raw = readPath(page, rule.page.next);
      if (raw === null || raw === undefined) return undefined;
      const next = pageNumber(raw);
      if (next === undefined) throw nonsense(path, `\`${rule.page.next}\` is not a page number`);
      if (next <= this.#page) throw nonsense(path, `\`${rule.page.next}\` (${next}) does not come after page ${this.#page}`);
      this.#page = next;
      return { [rule.page.param]: next };
    }
    const current = pageNumber(readPath(page, rule.page.current));
    const last = pageNumber(readPath(page, rule.page.last));
    if (current === undefined || last === undefined) throw nonsense(path, `\`${rule.page.current}\` and \`${rule.page.last}\` must be page numbers`);
    if (current !== this.#page) throw nonsense(path, `asked for page ${this.#page}, the server says it is page ${current}`);
    if (current >= last) return undefined;
    this.#page = current + 1;
    return { [rule.page.param]: current + 1 };
  }
}
