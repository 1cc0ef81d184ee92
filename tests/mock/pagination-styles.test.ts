/**
 * The stateful mock answers lists in every pagination style payspec declares, so a generated
 * client's `paginate()` walks them end to end: the page-styles fixture provider (one list per
 * style: tokens in the body, next links, offsets with and without a total) served with its lists
 * declared as resources (an item path added to each, in memory), one item a page.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serve, type RunningMock } from '../../packages/mock/src/server/start.mjs';
import { SIZE_PARAMS } from '../../packages/mock/src/state/lists.mjs';
import { readResources } from '../../packages/mock/src/state/resources.mjs';
import { operationParameters } from '../../scripts/shared/json-ref.js';
import { buildFixtureWithMock } from '../helpers/fixture-provider.js';

interface PageStylesModule {
  createPageStylesClient(options: { apiKey: string; baseUrl: string }): {
    paginate(path: string, init?: { params?: { query?: Record<string, unknown> } }): AsyncIterable<{ id: string }> & { pages(): AsyncIterable<Record<string, unknown>> };
  };
}

let mock: RunningMock;
let module: PageStylesModule;
const lists: { path: string; style: string; query: Record<string, unknown>; ids: string[] }[] = [];
const violations: string[] = [];

beforeAll(async () => {
  const fixture = await buildFixtureWithMock<PageStylesModule>('page-styles');
  module = fixture.client;
  const doc = parse(readFileSync(fixture.spec, 'utf8')) as Record<string, any>;
  const resources: Record<string, { item: string }> = {};
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    const pagination = item.get?.['x-payspec-pagination'];
    if (!pagination) continue;
    const name = path.replace(/\W+/g, '-').replace(/^-/, '');
    const itemsSchema = pagination.items.split('.').reduce((schema: any, key: string) => schema?.properties?.[key], item.get.responses['200'].content['application/json'].schema);
    // The item path the stateful mock needs: GET <list>/{id}, answering one item.
    doc.paths[`${path}/{id}`] = { get: { operationId: `get-${name}`, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'One item.', content: { 'application/json': { schema: itemsSchema.items } } } } } };
    resources[name] = { item: `${path}/{id}` };
    const parameters = operationParameters(doc, item, item.get);
    const query = Object.fromEntries(parameters.filter((p: any) => p.required && p.in === 'query').map((p: any) => [p.name, p.example]));
    const size = parameters.find((p: any) => p.in === 'query' && SIZE_PARAMS.includes(p.name));
    expect(size, `${path} takes a page size`).toBeDefined();
    query[size.name] = 1;
    lists.push({ path, style: Object.keys(pagination).find((key) => key !== 'items')!, query, ids: [] });
  }
  doc['x-payspec-resources'] = resources;
  const model = readResources(doc);
  expect(model.problems).toEqual([]);
  for (const list of lists) list.ids = model.resources.find((resource) => resource.collection === list.path)!.examples.map((example: any) => example.id);
  mock = await serve(doc, { log: (line) => line.startsWith('payspec-mock') && violations.push(line) });
});

afterAll(() => mock?.stop());

describe('paginate() against the stateful mock, one item a page', () => {
  it('covers every style the fixture declares', () => {
    expect(new Set(lists.map((list) => list.style))).toEqual(new Set(['token', 'link', 'offset']));
  });

  it('walks every list through all its items, each on its own page, in order', async () => {
    const client = module.createPageStylesClient({ apiKey: 'test_key', baseUrl: mock.url });
    for (const list of lists) {
      expect(list.ids.length, list.path).toBeGreaterThanOrEqual(2);
      let pages = 0;
      for await (const page of client.paginate(list.path, { params: { query: list.query } }).pages()) {
        pages++;
        expect(page, list.path).toBeTypeOf('object');
      }
      const ids: string[] = [];
      for await (const item of client.paginate(list.path, { params: { query: list.query } })) ids.push(item.id);
      expect(ids, list.path).toEqual(list.ids);
      // One item a page, and the empty page (or the last one's marker) ends the walk.
      expect(pages, list.path).toBeGreaterThanOrEqual(list.ids.length);
    }
    expect(violations).toEqual([]);
  });
});
