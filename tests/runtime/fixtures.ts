import { createApiClient, type ApiDefinition, type BaseClientOptions } from '@payspec/runtime';
import { encodeForm } from '@payspec/runtime/form';
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
};

/** A client of the test API against `baseUrl`. */
export function acmeClient(baseUrl: string, options: BaseClientOptions = {}, extra: Partial<ApiDefinition> = {}) {
  return createApiClient<Paths>({ ...definition, ...extra }, { token, baseUrl, ...options } as BaseClientOptions);
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

/** The three pagination styles of the providers, on one test API. */
export interface ListPaths {
  '/by-next': List<{ page?: number; q?: string }, { response: Item[]; pagination: { current: number; next: number | null } }>;
  '/by-meta': List<{ page?: number }, { data: Item[]; meta: { current_page: number; last_page: number } }>;
  '/by-cursor': List<{ starting_after?: string; limit?: number }, { data: Item[]; has_more: boolean }>;
}

export type ListPages = {
  '/by-next': { item: Item; page: ListPaths['/by-next']['get']['responses'][200]['content']['application/json'] };
  '/by-meta': { item: Item; page: ListPaths['/by-meta']['get']['responses'][200]['content']['application/json'] };
  '/by-cursor': { item: Item; page: ListPaths['/by-cursor']['get']['responses'][200]['content']['application/json'] };
};

export const listDefinition: ApiDefinition = {
  ...definition,
  pagination: {
    '/by-next': { items: 'response', page: { param: 'page', next: 'pagination.next' } },
    '/by-meta': { items: 'data', page: { param: 'page', current: 'meta.current_page', last: 'meta.last_page' } },
    '/by-cursor': { items: 'data', cursor: { param: 'starting_after', hasMore: 'has_more', from: 'id' } },
  },
};

export function listClient(baseUrl: string) {
  return createApiClient<ListPaths, ListPages>(listDefinition, { token, baseUrl } as BaseClientOptions);
}
