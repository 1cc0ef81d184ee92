// @ts-check
/**
 * The stateful mocker: Prism's mocker, with the answers of resource operations (see resources.mjs)
 * made from the store instead of the spec's examples. Prism decides first: a request it refuses
 * (security, validation), a `Prefer: code=...`, or an operation that is no resource's keep Prism's
 * answer; for the rest Prism's example is the template whose fields the stored item replaces.
 */
import { createHash } from 'node:crypto';
import { act, compose, decodeForm, project, replaceIds } from './records.mjs';
import { fillList } from './lists.mjs';
import { at, deref, jsonContent, objectShape, schemaAt } from './schema.mjs';
import { scopeOf } from './scope.mjs';

/** @typedef {Record<string, any>} Json */
/** @typedef {import('./resources.mjs').Resource} Resource */
/** @typedef {import('./resources.mjs').Binding} Binding */
/** @typedef {{ statusCode: number; headers?: Record<string, string>; body?: unknown }} MockResponse */

/** The answers made from the store: the server refuses to send one the spec forbids. */
export const fromStore = new WeakSet();

const right = (/** @type {MockResponse} */ value) => ({ _tag: 'Right', right: value });

/**
 * The path parameters of a request, by the operation's path template.
 * @param {string} template
 * @param {string} path
 */
function pathParams(template, path) {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => /** @type {string} */ (match[1]));
  const pattern = new RegExp(`${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')}$`);
  const match = pattern.exec(path);
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match?.[index + 1] ?? '')]));
}

/**
 * @param {Record<string, string> | undefined} headers
 * @param {string} name
 */
function headerName(headers, name) {
  return Object.keys(headers ?? {}).find((key) => key.toLowerCase() === name.toLowerCase());
}

/**
 * The ETag of an item's version, shaped like the spec's example (`A3F5C1E9B2D47680`, `"abc"`).
 * @param {string} scope
 * @param {string} id
 * @param {number} version
 * @param {unknown} example
 */
function etagOf(scope, id, version, example) {
  const hash = createHash('sha256').update(`${scope}:${id}:${version}`).digest('hex');
  const sample = typeof example === 'string' ? example : '"0000000000000000"';
  const bare = sample.replace(/^W\//, '').replace(/^"|"$/g, '');
  const value = /^[0-9A-F]+$/.test(bare) ? hash.slice(0, bare.length).toUpperCase() : hash.slice(0, Math.max(8, Math.min(bare.length, 64)));
  return sample.startsWith('"') || sample.startsWith('W/"') ? `"${value}"` : value;
}

/**
 * @param {object} context
 * @param {Json} context.document the spec
 * @param {{ bindings: Map<string, Binding> }} context.model
 * @param {import('./store.mjs').Store} context.store
 * @param {any} context.original Prism's mocker
 * @param {() => number} [context.now]
 */
export function statefulMocker({ document, model, store, original, now = Date.now }) {
  return (/** @type {any} */ options) => (/** @type {any} */ logger) => {
    const answer = original(options)(logger);
    const { resource: operation, input, config } = options;
    const binding = model.bindings.get(`${String(operation.method).toUpperCase()} ${operation.path}`);
    if (!binding || binding.role === 'none' || answer._tag !== 'Right' || config?.code !== undefined) return answer;
    if (input.validations.some((/** @type {any} */ violation) => violation.severity === 0)) return answer;
    const prism = /** @type {MockResponse} */ (answer.right);
    if (prism.statusCode < 200 || prism.statusCode > 299) return answer;

    const request = input.data;
    const { resource, role } = binding;
    const params = pathParams(binding.path, request.url.path);
    const scope = scopeOf(document, binding.operation, { headers: request.headers ?? {}, query: request.url.query ?? {} });
    const parentId = resource.parentParam ? String(params[resource.parentParam] ?? '') : '';
    const id = String(params[resource.idParam] ?? '');
    /** @param {number} code */
    const status = (code) => {
      const declared = original({ ...options, config: { ...config, code } })(logger);
      if (declared._tag === 'Right') return right({ ...declared.right, body: replaceIds(declared.right.body, exampleIdsOf(resource), id || parentId) });
      return right({ statusCode: code, headers: { 'content-type': 'application/problem+json' }, body: { type: 'about:blank', title: code === 404 ? 'Not Found' : 'Precondition Failed', status: code } });
    };
    // A child of a parent that does not exist (or no longer) is not found, as on the real API.
    if (resource.parent && !parentExists(store, scope, resource.parent, parentId)) return status(404);
    const items = store.items(scope, resource, parentId);
    const content = jsonContent(document, binding.operation.responses?.[String(prism.statusCode)]);
    const itemSchema = content && resource.envelope ? objectShape(document, content.schema).properties.get(resource.envelope) : content?.schema;
    const exampleIds = resource.examples.map((example) => String(/** @type {any} */ (example)[resource.idField]));
    const headers = { ...(prism.headers ?? {}) };
    const declaredHeaders = deref(document, binding.operation.responses?.[String(prism.statusCode)])?.headers ?? {};
    const etagHeader = headerName(declaredHeaders, 'etag');
    const etagExample = etagExampleOf(document, binding.operation);
    /** @param {Json} value @param {string} itemId */
    const respond = (value, itemId) => {
      const body = /** @type {any} */ (replaceIds(prism.body, exampleIds, itemId));
      const example = resource.envelope ? body?.[resource.envelope] : body;
      const shown = project(document, itemSchema, value, example);
      return resource.envelope ? { ...body, [resource.envelope]: shown } : shown;
    };
    /** @param {string} itemId */
    const withVersion = (itemId) => {
      const entry = items.get(itemId);
      if (etagHeader && entry) headers[etagHeader] = etagOf(scope, itemId, entry.version, etagExample);
      return headers;
    };
    const sent = typeof request.body === 'string' && /x-www-form-urlencoded/i.test(String(request.headers?.['content-type'] ?? '')) ? decodeForm(request.body) : request.body;
    /** @param {MockResponse} response */
    const made = (response) => {
      fromStore.add(response);
      return right(response);
    };

    if (role === 'create') {
      const newId = resource.newId();
      const template = replaceIds(resource.examples[0] ?? (resource.envelope ? /** @type {any} */ (prism.body)?.[resource.envelope] : prism.body) ?? {}, exampleIds, newId);
      const value = compose(document, resource.itemSchema, sent ?? {}, template, { mode: 'create', now: now() });
      value[resource.idField] = resource.idType === 'integer' ? Number(newId) : newId;
      items.set(newId, { value, version: 1 });
      const location = headerName(declaredHeaders, 'location');
      if (location) headers[location] = request.url.path.replace(/\/$/, '') + `/${encodeURIComponent(newId)}`;
      // A create that answers without a body (204) still stores the item.
      return made({ statusCode: prism.statusCode, headers: withVersion(newId), body: prism.body === undefined ? undefined : respond(value, newId) });
    }
    if (role === 'list') {
      const values = [...items.values()].map((entry) => entry.value);
      // The examples come first as the spec shows them; what is made after is newer.
      if (resource.newestFirst) values.reverse();
      const shownSchema = content?.schema;
      const listItems = binding.operation['x-payspec-pagination']?.items;
      const itemOfList = typeof listItems === 'string' ? schemaAt(document, shownSchema, listItems) : deref(document, shownSchema)?.items;
      const itemSchemaOfList = deref(document, itemOfList)?.items;
      const template = /** @type {any} */ (structuredClone(prism.body ?? {}));
      const exampleItem = typeof listItems === 'string' ? at(template, listItems)?.[0] : Array.isArray(template) ? template[0] : undefined;
      const shown = values.map((value) => project(document, itemSchemaOfList, value, replaceIds(exampleItem, exampleIds, String(value[resource.idField]))));
      return made({ statusCode: prism.statusCode, headers, body: fillList(document, binding.operation, { path: request.url.path, query: request.url.query ?? {} }, shown, template, resource, shownSchema) });
    }
    const entry = items.get(id);
    if (!entry) return status(404);
    if (role === 'read') return made({ statusCode: prism.statusCode, headers: withVersion(id), body: respond(entry.value, id) });
    if (role === 'merge' || role === 'replace' || role === 'act') {
      const ifMatch = request.headers?.['if-match'];
      if (ifMatch !== undefined && binding.operation.responses?.['412']) {
        if (String(ifMatch).replace(/^W\//, '') !== etagOf(scope, id, entry.version, etagExample).replace(/^W\//, '')) return status(412);
      }
      const value =
        role === 'replace' ? compose(document, resource.itemSchema, sent ?? {}, entry.value, { mode: 'replace', now: now() }) : role === 'act' ? act(document, resource.itemSchema, entry.value, sent, now()) : mergeSent(document, resource, entry.value, sent, now());
      items.set(id, { value, version: entry.version + 1 });
      if (role === 'act' || prism.body === undefined || prism.statusCode === 204) return made({ statusCode: prism.statusCode, headers: withVersion(id), body: role === 'act' ? replaceIds(prism.body, exampleIds, id) : prism.body });
      return made({ statusCode: prism.statusCode, headers: withVersion(id), body: respond(value, id) });
    }
    if (role === 'delete') {
      store.remove(scope, resource, parentId, id);
      return made({ statusCode: prism.statusCode, headers, body: replaceIds(prism.body, exampleIds, id) });
    }
    return answer;
  };
}

/** @param {Resource} resource */
const exampleIdsOf = (resource) => [resource, resource.parent].flatMap((one) => (one ? one.examples.map((example) => String(/** @type {any} */ (example)[one.idField])) : []));

/**
 * The example of the ETag header the operation's successes declare (the form new ETags take).
 * @param {Json} document
 * @param {Json} operation
 */
function etagExampleOf(document, operation) {
  for (const [code, response] of Object.entries(operation.responses ?? {})) {
    if (!/^2/.test(code)) continue;
    const headers = deref(document, response)?.headers ?? {};
    const name = headerName(headers, 'etag');
    if (name) {
      const header = deref(document, headers[name]);
      return header?.example ?? deref(document, header?.schema)?.example;
    }
  }
  return undefined;
}

/**
 * Whether a parent item exists in a scope (under any of its own parents).
 * @param {import('./store.mjs').Store} store
 * @param {string} scope
 * @param {Resource} parent
 * @param {string} id
 */
function parentExists(store, scope, parent, id) {
  store.items(scope, parent, '');
  const state = store.scopes.get(scope)?.get(parent.name);
  return [...(state?.values() ?? [])].some((items) => items.has(id));
}

/**
 * An update that changes only what was sent; `null` removes a field (JSON Merge Patch) unless the
 * schema allows null as a value.
 * @param {Json} document
 * @param {Resource} resource
 * @param {Json} stored
 * @param {unknown} sent
 * @param {number} now
 */
function mergeSent(document, resource, stored, sent, now) {
  const value = compose(document, resource.itemSchema, sent ?? {}, stored, { mode: 'merge', now });
  for (const [key, given] of Object.entries(/** @type {Json} */ (sent ?? {}))) if (given === null && value[key] === null && !objectShape(document, resource.itemSchema).required.has(key)) delete value[key];
  return value;
}
