/**
 * The mock keeps state like the API, for every provider in the registry: the generated client
 * creates, reads, updates, lists (over several pages) and deletes a resource of the provider's
 * overlay (`x-payspec-resources`), and what it sent comes back. Nothing here names a provider: the
 * resources, bodies, credentials and page sizes come from each generated spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZE_PARAMS } from '../../packages/mock/src/state/lists.mjs';
import { readResources, type Resource } from '../../packages/mock/src/state/resources.mjs';
import { startMock, type RunningMock } from '../../scripts/mock/start-mock.js';
import { readRegistry } from '../../scripts/spec/registry.js';
import { operationParameters, resolveRef } from '../../scripts/shared/json-ref.js';
import { placeholderCredentials } from '../../scripts/shared/placeholders.js';
import { clientFactoryOf } from '../helpers/from-specs/client-call.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';

type Doc = Record<string, any>;
type Call = (path: string, init?: any) => Promise<{ data?: any; error?: any; response: Response }>;
type Client = Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Call> & { paginate(path: string, init?: any): AsyncIterable<any> & { pages(): AsyncIterable<unknown> } };
const verb = (method: string) => method.toUpperCase() as 'PUT' | 'PATCH';

const providers = (await readRegistry()).map((provider) => provider.name);

/** The request body example of an operation (JSON media type first), or undefined. */
function requestExample(doc: Doc, operation: any): Record<string, unknown> | undefined {
  const body = resolveRef(doc, operation?.requestBody ?? {}) as any;
  const media: any = Object.entries(body?.content ?? {}).sort(([a], [b]) => Number(!/json/.test(a)) - Number(!/json/.test(b)))[0]?.[1];
  if (!media) return undefined;
  const example = media.example ?? (media.examples ? (resolveRef(doc, Object.values(media.examples)[0]) as any).value : undefined);
  return example === undefined ? undefined : structuredClone(example);
}

/** A string property of a request schema the test may change freely (no format, pattern or enum). */
function freeStringField(doc: Doc, operation: any, body: Record<string, unknown>): string | undefined {
  const media: any = Object.values((resolveRef(doc, operation.requestBody ?? {}) as any).content ?? {})[0];
  const schema = resolveRef(doc, media?.schema ?? {}) as any;
  return Object.entries<any>(schema.properties ?? {}).find(([name, property]) => {
    const resolved = resolveRef(doc, property) as any;
    return resolved.type === 'string' && !resolved.format && !resolved.pattern && !resolved.enum && !resolved.readOnly && (name in body || !(schema.required ?? []).includes(name));
  })?.[0];
}

/** Every leaf of `sent` that the read-back has at the same place, with the read-back's value. */
function leaves(sent: unknown, back: unknown, prefix = ''): [string, unknown, unknown][] {
  if (!sent || typeof sent !== 'object' || Array.isArray(sent)) return [[prefix, sent, back]];
  if (!back || typeof back !== 'object') return [];
  return Object.entries(sent).flatMap(([key, value]) => (key in (back as object) ? leaves(value, (back as any)[key], prefix ? `${prefix}.${key}` : key) : []));
}

/** The same options with each value changed where its pattern still allows: another account. */
function otherAccount(options: Record<string, string>, doc: Doc): Record<string, string> {
  const patterns = Object.values<any>(doc.components?.securitySchemes ?? {}).flatMap((scheme) => [scheme['x-payspec-credential'], ...(scheme['x-payspec-credentials'] ?? [])]).filter(Boolean);
  return Object.fromEntries(
    Object.entries(options).map(([option, value]) => {
      const pattern = patterns.find((rule) => rule.option === option)?.pattern;
      // Four characters, so that a base64 value stays base64.
      const changed = `${value.replace(/=+$/, '')}Acct`;
      return [option, !pattern || new RegExp(pattern).test(changed) ? changed : value];
    }),
  );
}

const pathOf = (template: string, values: Record<string, string>) => ({ params: { path: values } });

function expectClean(response: Response, what: string) {
  expect(response.headers.get('sl-violations'), what).toBeNull();
}

describe.each(providers)('%s: the mock keeps state between calls', (provider) => {
  const doc = generatedSpec(provider);
  const model = readResources(doc);
  const clientName = doc.info['x-payspec'].clientName as string;
  const options = placeholderCredentials(doc);
  let mock: RunningMock;
  let create: (baseUrl: string, credentials?: Record<string, string>) => Client;

  beforeAll(async () => {
    mock = await startMock(provider);
    const factory = await clientFactoryOf(provider, doc);
    create = (baseUrl, credentials = options) => factory({ ...credentials, baseUrl, maxRetries: 0 });
  });
  afterAll(() => mock?.stop());

  it('declares at least one resource', () => {
    expect(model.problems).toEqual([]);
    expect(model.resources.filter((resource) => !resource.parent).length).toBeGreaterThan(0);
  });

  for (const resource of model.resources.filter((one) => one.parent)) {
    const parent = resource.parent!;
    it(`${resource.name} under ${parent.name}: created, listed and deleted under its parent, gone with it`, async () => {
      const client = create(mock.url);
      const itemOf = (one: Resource, data: any) => (one.envelope ? data?.[one.envelope] : data);
      const made = await client.POST(parent.collection, { body: requestExample(doc, doc.paths[parent.collection].post) });
      expectClean(made.response, 'parent create');
      const parentId = String(itemOf(parent, made.data)[parent.idField]);
      const under = { [resource.parentParam!]: parentId };
      const child = await client.POST(resource.collection, { params: { path: under }, body: requestExample(doc, doc.paths[resource.collection].post) });
      expectClean(child.response, 'child create');
      expect(child.error).toBeUndefined();
      const childId = String(itemOf(resource, child.data)[resource.idField]);
      const listed = async () => {
        const list = await client.GET(resource.collection, { params: { path: under } });
        expectClean(list.response, 'child list');
        const items = doc.paths[resource.collection].get['x-payspec-pagination']?.items;
        return { status: list.response.status, ids: list.response.ok ? ((items ? list.data[items] : list.data) as any[]).map((one) => String(one[resource.idField])) : [] };
      };
      expect((await listed()).ids).toEqual([childId]);
      if (doc.paths[resource.item]?.delete) {
        expectClean((await client.DELETE(resource.item, { params: { path: { ...under, [resource.idParam]: childId } } })).response, 'child delete');
        expect((await listed()).ids).toEqual([]);
      }
      await client.DELETE(parent.item, { params: { path: under } });
      expect((await listed()).status).toBe(404);
    });
  }

  for (const resource of model.resources.filter((one) => !one.parent)) {
    const operation = (method: string, template: string) => doc.paths[template]?.[method];
    const createOp = operation('post', resource.collection);
    const itemOf = (data: any) => (resource.envelope ? data?.[resource.envelope] : data);
    const updateMethod = ['patch', 'put'].find((method) => operation(method, resource.item) && model.bindings.get(`${method.toUpperCase()} ${resource.item}`)?.role !== 'none');
    const exampleIds = resource.examples.map((example: any) => String(example[resource.idField]));

    async function createOne(client: Client, body: Record<string, unknown>) {
      const { data, error, response } = await client.POST(resource.collection, { body });
      expectClean(response, `POST ${resource.collection}`);
      expect(error, `POST ${resource.collection}`).toBeUndefined();
      return String(itemOf(data)[resource.idField]);
    }

    it(`${resource.name}: create → read → update → read → list → delete → read is 404`, async () => {
      const client = create(mock.url);
      const sent = requestExample(doc, createOp)!;
      expect(sent, 'the create operation has a request example').toBeDefined();
      const id = await createOne(client, sent);
      expect(exampleIds).not.toContain(id);
      const item = (id_: string) => pathOf(resource.item, { [resource.idParam]: id_ });

      const read = await client.GET(resource.item, item(id));
      expectClean(read.response, 'read');
      expect(read.response.status).toBe(200);
      const back = itemOf(read.data);
      expect(back[resource.idField]).toEqual(resource.idType === 'integer' ? Number(id) : id);
      // When it was made is the server's now, not the example's (whatever the field's form).
      const example = resource.examples[0] as Record<string, unknown>;
      for (const key of Object.keys(back).filter((name) => /^(created|updated)(_?at)?$/i.test(name))) expect(back[key], key).not.toEqual(example[key]);
      const compared = leaves(sent, back).filter(([key]) => key);
      expect(compared.length, 'some sent fields are shown by the read').toBeGreaterThan(0);
      for (const [key, value, shown] of compared) expect(String(shown), key).toBe(String(value));

      if (updateMethod) {
        const updateOp = operation(updateMethod, resource.item);
        const change = { ...(requestExample(doc, updateOp) ?? {}) };
        const field = freeStringField(doc, updateOp, change);
        expect(field, 'the update has a free text field').toBeDefined();
        change[field!] = `Changed ${field}`.slice(0, 10);
        const updated = await client[verb(updateMethod)](resource.item, { ...item(id), body: change });
        expectClean(updated.response, 'update');
        expect(updated.error).toBeUndefined();
        const again = await client.GET(resource.item, item(id));
        expectClean(again.response, 'read after update');
        expect(itemOf(again.data)[field!]).toBe(change[field!]);
        for (const [key, value] of Object.entries(back)) if (!(key in change) && typeof value !== 'object' && !/updated|modified/i.test(key)) expect(itemOf(again.data)[key], `${key} kept`).toEqual(value);
      }

      const listOp = operation('get', resource.collection);
      if (listOp) {
        const pagination = listOp['x-payspec-pagination'];
        const sizeParam = operationParameters(doc, doc.paths[resource.collection], listOp).find((p: any) => p.in === 'query' && SIZE_PARAMS.includes(p.name))?.name;
        const size = sizeParam ? 2 : (resource.pageSize ?? 20);
        const made = [id];
        for (let i = made.length; i < size * 2 + 1; i++) made.push(await createOne(client, sent));
        const query = sizeParam ? { [sizeParam]: size } : {};
        let pages = 0;
        const listed: string[] = [];
        for await (const page of client.paginate(resource.collection, { params: { query } }).pages()) {
          pages++;
          const items = pagination ? String(pagination.items).split('.').reduce((node: any, key) => node?.[key], page) : page;
          listed.push(...(items as any[]).map((one) => String(one[resource.idField])));
        }
        expect(pages).toBeGreaterThanOrEqual(3);
        for (const one of made) expect(listed).toContain(one);
        expect(new Set(listed).size).toBe(listed.length);
        // In the order the overlay declares: the newest first (Ping++), else the oldest first.
        const positions = made.map((one) => listed.indexOf(one));
        expect(positions).toEqual([...positions].sort((a, b) => (resource.newestFirst ? b - a : a - b)));
      }

      const deleted = await client.DELETE(resource.item, item(id));
      expectClean(deleted.response, 'delete');
      expect(deleted.error).toBeUndefined();
      const gone = await client.GET(resource.item, item(id));
      expect(gone.response.status).toBe(404);
      expectClean(gone.response, 'read after delete');
    });

    // Actions on the item (Reportei's update-payment-status): what they send is what a read shows after.
    const actions = [...model.bindings.values()].filter((binding) => binding.resource === resource && binding.role === 'act');
    for (const action of actions) {
      it(`${resource.name}: ${action.operation.operationId} changes the item as it says`, async () => {
        const client = create(mock.url);
        const id = await createOne(client, requestExample(doc, createOp)!);
        const at = pathOf(resource.item, { [resource.idParam]: id });
        const before = itemOf((await client.GET(resource.item, at)).data);
        const body = requestExample(doc, action.operation)!;
        // The opposite of what the item holds, where it is a boolean: the change must show.
        for (const [key, value] of Object.entries(body)) if (typeof value === 'boolean' && typeof before[key] === 'boolean') body[key] = !before[key];
        const done = await client.POST(action.path, { ...at, body });
        expectClean(done.response, action.operation.operationId);
        expect(done.error).toBeUndefined();
        const after = itemOf((await client.GET(resource.item, at)).data);
        const shown = Object.keys(body).filter((key) => key in after);
        expect(shown.length, 'the action sets fields the item shows').toBeGreaterThan(0);
        for (const key of shown) expect(after[key], key).toEqual(body[key]);
      });
    }

    const updateOp = updateMethod && operation(updateMethod, resource.item);
    const ifMatch = updateOp && updateOp.responses?.['412'] && (updateOp.parameters ?? []).some((p: any) => (resolveRef(doc, p) as any).name?.toLowerCase() === 'if-match');
    // Only where the spec declares conditional updates (no skipped test elsewhere).
    if (ifMatch) it(`${resource.name}: each version has its ETag, and an update with a stale if-match is refused (412)`, async () => {
      const client = create(mock.url);
      const sent = requestExample(doc, createOp)!;
      const created = await client.POST(resource.collection, { body: sent });
      const etag = created.response.headers.get('etag');
      expect(etag).toBeTruthy();
      expect(created.response.headers.get('location')).toContain(String(itemOf(created.data)[resource.idField]));
      const at = pathOf(resource.item, { [resource.idParam]: String(itemOf(created.data)[resource.idField]) });
      const first = await client[verb(updateMethod!)](resource.item, { ...at, body: requestExample(doc, updateOp), headers: { 'if-match': etag } });
      expectClean(first.response, 'update with the current ETag');
      expect(first.response.status).toBe(200);
      const next = first.response.headers.get('etag');
      expect(next).toBeTruthy();
      expect(next).not.toBe(etag);
      expect((await client.GET(resource.item, at)).response.headers.get('etag')).toBe(next);
      const stale = await client[verb(updateMethod!)](resource.item, { ...at, body: requestExample(doc, updateOp), headers: { 'if-match': etag } });
      expect(stale.response.status).toBe(412);
      expectClean(stale.response, 'update with a stale ETag');
    });

    it(`${resource.name}: 200 concurrent creates give 200 ids, all readable and listed; another account sees none`, async () => {
      const client = create(mock.url);
      const sent = requestExample(doc, createOp)!;
      const ids = await Promise.all(Array.from({ length: 200 }, () => createOne(client, sent)));
      expect(new Set(ids).size).toBe(200);
      const reads = await Promise.all(ids.map((id) => client.GET(resource.item, pathOf(resource.item, { [resource.idParam]: id }))));
      expect(reads.map((read) => read.response.status)).toEqual(ids.map(() => 200));
      const other = create(mock.url, otherAccount(options, doc));
      const theirs = await Promise.all(ids.slice(0, 20).map((id) => other.GET(resource.item, pathOf(resource.item, { [resource.idParam]: id }))));
      expect(theirs.map((read) => read.response.status)).toEqual(theirs.map(() => 404));
      // Both accounts start from the spec's examples.
      if (exampleIds[0]) expect((await other.GET(resource.item, pathOf(resource.item, { [resource.idParam]: exampleIds[0] }))).response.status).toBe(200);
      if (operation('get', resource.collection)) {
        const mine = new Set<string>();
        for await (const one of client.paginate(resource.collection)) mine.add(String(one[resource.idField]));
        for (const id of ids) expect(mine.has(id), id).toBe(true);
        const seen: string[] = [];
        for await (const one of other.paginate(resource.collection)) seen.push(String(one[resource.idField]));
        expect(seen.filter((id) => ids.includes(id))).toEqual([]);
      }
    });
  }
});
