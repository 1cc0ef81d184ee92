import { createApiClient, type ApiDefinition, type BaseClientOptions, type IdempotentCallOptions } from '@payspec/runtime';
import { encodeForm } from '@payspec/runtime/form';
import { withIdempotencyKey } from '@payspec/runtime/idempotency';
import { Paginator } from '@payspec/runtime/pagination';

type Json = { 'application/json': unknown };
type Op<Body = unknown, Query = never> = {
  parameters: { query?: Query; header?: never; path: { id: string }; cookie?: never };
  requestBody?: { content: Json };
  responses: {
    200: { headers: { [name: string]: unknown }; content: { 'application/json': Body } };
    503: { headers: { [name: string]: unknown }; content: { 'application/json': { error: string } } };
  };
};

/** A small hand-written API, shaped like openapi-typescript output, for runtime tests. */
export interface Paths {
  '/things/{id}': {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: Op<{ id: string }>;
    put: Op<{ id: string }>;
    post: Op<{ id: string }>;
    patch: Op<{ id: string }>;
    delete: Op<{ id: string }>;
  };
}

export const token = 'tok_secret_value_never_logged';

export const definition: ApiDefinition = {
  provider: 'Acme',
  servers: [{ url: 'https://api.example.com' }],
  auth: [{ type: 'bearer', option: 'token' }],
  credentials: [{ option: 'token' }],
  requestIdHeaders: ['request-id'],
  // What a generated package passes when its spec has list operations and form bodies.
  paginator: Paginator,
  formEncoder: encodeForm,
  idempotencyKeys: withIdempotencyKey,
};

/** A client of the test API against `baseUrl`. */
export function acmeClient(baseUrl: string, options: BaseClientOptions = {}, extra: Partial<ApiDefinition> = {}) {
  // Idempotent call options: some tests give the test API an idempotency rule.
  return createApiClient<Paths, {}, BaseClientOptions, IdempotentCallOptions>({ ...definition, ...extra }, { token, baseUrl, ...options } as BaseClientOptions);
}

export const thing = { params: { path: { id: 't1' } } } as const;

type List<Query, Body> = {
  parameters: { query?: Query; header?: never; path?: never; cookie?: never };
  get: {
    parameters: { query?: Query; header?: never; path?: never; cookie?: never };
    requestBody?: never;
    responses: {
      200: { headers: { [name: string]: unknown }; content: { 'application/json': Body } };
      500: { headers: { [name: string]: unknown }; content: { 'application/json': { error: string } } };
    };
  };
};

export interface Item {
  id: string;
}

type Link = { href: string; rel: string };

/** The pagination styles, on one test API. */
export interface ListPaths {
  '/by-next': List<{ page?: number; q?: string }, { response: Item[]; pagination: { current: number; next: number | null } }>;
  '/by-meta': List<{ page?: number }, { data: Item[]; meta: { current_page: number; last_page: number } }>;
  '/by-cursor': List<{ starting_after?: string; limit?: number }, { data: Item[]; has_more: boolean }>;
  '/by-token': List<{ page?: string; limit?: number; q?: string }, { data: Item[]; meta: { cursors: { after: string | null } } }>;
  '/by-link': List<{ from?: string; limit?: number; q?: string }, { _embedded: { items: Item[] }; _links: { next: { href: string } | null } }>;
  '/by-links': List<{ page?: number; page_size?: number }, { items: Item[]; links: Link[] }>;
  '/by-offset': List<{ offset?: number; limit?: number; q?: string }, { data: Item[]; meta: { total: number } }>;
  '/by-short-page': List<{ offset?: number; limit?: number }, { data: Item[] }>;
}

type PageBody<Path extends keyof ListPaths> = ListPaths[Path]['get']['responses'][200]['content']['application/json'];
export type ListPages = { [Path in keyof ListPaths]: { item: Item; page: PageBody<Path> } };

export const listDefinition: ApiDefinition = {
  ...definition,
  servers: [{ url: 'https://api.example.com/v2' }],
  pagination: {
    '/by-next': { items: 'response', page: { param: 'page', next: 'pagination.next' } },
    '/by-meta': { items: 'data', page: { param: 'page', current: 'meta.current_page', last: 'meta.last_page' } },
    '/by-cursor': { items: 'data', cursor: { param: 'starting_after', hasMore: 'has_more', from: 'id' } },
    '/by-token': { items: 'data', token: { param: 'page', next: 'meta.cursors.after' } },
    '/by-link': { items: '_embedded.items', link: { next: '_links.next.href' } },
    '/by-links': { items: 'items', link: { next: 'links[rel=next].href' } },
    '/by-offset': { items: 'data', offset: { param: 'offset', limit: 'limit', total: 'meta.total' } },
    '/by-short-page': { items: 'data', offset: { param: 'offset', limit: 'limit' } },
  },
};

export function listClient(baseUrl: string, options: BaseClientOptions = {}) {
  return createApiClient<ListPaths, ListPages>(listDefinition, { token, baseUrl, ...options } as BaseClientOptions);
}
