// @ts-check
/**
 * The resources of a spec, read from its `x-payspec-resources` declaration (written in the
 * provider's overlay) and completed from REST conventions:
 *
 * - `item` (required): the item path; its last segment is the id parameter (`/customers/{id}`);
 *   the collection is the item path without it;
 * - `idField`: the item's id property (default: the id parameter's name if the item has such a
 *   property, else `id`); `idFormat`: a template for new ids (default: inferred from the examples);
 * - `envelope`: the property that wraps a single item in bodies (Pin Payments' `response`);
 * - `parent`: the resource whose item path the collection lies under (inferred when not given);
 * - `order`: the order lists show items in, `oldest-first` (the default) or `newest-first`;
 * - `pageSize`: items per page when the list call sets no size (default: the size parameter's
 *   default, else 20);
 * - `operations`: `{ operationId: role }` for operations that do not follow the conventions.
 *
 * Conventions: on the collection, POST creates and GET lists; on the item, GET reads, PATCH merges,
 * PUT replaces and DELETE deletes; a POST below the item (`/customers/{id}/block`) acts on it.
 * Roles: create, read, merge, replace, delete, list, act, none (Prism's examples answer).
 */
import { fromTemplate, inferTemplate } from './ids.mjs';
import { at, deref, jsonContent, objectShape, typesOf } from './schema.mjs';

export const RESOURCE_KEYS = ['item', 'idField', 'idFormat', 'envelope', 'parent', 'order', 'pageSize', 'operations'];
export const ORDERS = ['oldest-first', 'newest-first'];
export const ROLES = ['create', 'read', 'merge', 'replace', 'delete', 'list', 'act', 'none'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/**
 * @typedef {'create' | 'read' | 'merge' | 'replace' | 'delete' | 'list' | 'act' | 'none'} Role
 * @typedef {object} Resource
 * @property {string} name
 * @property {string} collection the collection's path template
 * @property {string} item the item's path template
 * @property {string} idParam
 * @property {string} idField
 * @property {string | undefined} envelope
 * @property {Resource | undefined} parent
 * @property {string | undefined} parentParam the parent's id parameter in this resource's paths
 * @property {number | undefined} pageSize
 * @property {boolean} newestFirst lists show the newest item first
 * @property {any} itemSchema
 * @property {'string' | 'integer'} idType
 * @property {() => string} newId
 * @property {unknown[]} examples items found in the spec's examples, the starting state
 * @typedef {object} Binding
 * @property {Resource} resource
 * @property {Role} role
 * @property {string} method
 * @property {string} path
 * @property {any} operation
 * @typedef {object} Problem
 * @property {(string | number)[]} pointer where in the document (`x-payspec-resources`, name, key)
 * @property {string} message
 * @typedef {object} ResourceModel
 * @property {Resource[]} resources
 * @property {Map<string, Binding>} bindings by `METHOD path-template`
 * @property {Problem[]} problems
 */

/**
 * @param {string} path
 */
const lastParam = (path) => /\/\{([^}/]+)\}$/.exec(path)?.[1];

/**
 * The items an example body holds, through an envelope or a list's items path (dotted).
 * @param {unknown} body
 * @param {string | undefined} key
 * @returns {unknown[]}
 */
function unwrap(body, key) {
  const inner = key ? at(body, key) : body;
  if (Array.isArray(inner)) return inner;
  return inner && typeof inner === 'object' ? [inner] : [];
}

/**
 * @param {Record<string, any>} document
 * @returns {ResourceModel}
 */
export function readResources(document) {
  /** @type {Problem[]} */
  const problems = [];
  /** @type {Resource[]} */
  const resources = [];
  /** @type {Map<string, Binding>} */
  const bindings = new Map();
  const declared = document['x-payspec-resources'];
  if (declared === undefined) return { resources, bindings, problems };
  const base = ['x-payspec-resources'];
  if (!declared || typeof declared !== 'object' || Array.isArray(declared)) {
    problems.push({ pointer: base, message: 'x-payspec-resources must map resource names to declarations' });
    return { resources, bindings, problems };
  }
  const paths = document.paths ?? {};
  /** @type {Map<string, any>} */
  const declarations = new Map(Object.entries(declared));

  for (const [name, declaration] of declarations) {
    const here = [...base, name];
    /** @param {string} key @param {string} message */
    const problem = (key, message) => void problems.push({ pointer: key ? [...here, key] : here, message: `resource ${name}: ${message}` });
    if (!declaration || typeof declaration !== 'object' || Array.isArray(declaration)) {
      problem('', 'must be an object with at least `item`');
      continue;
    }
    for (const key of Object.keys(declaration)) if (!RESOURCE_KEYS.includes(key)) problem(key, `unknown key ${JSON.stringify(key)} (known: ${RESOURCE_KEYS.join(', ')})`);
    const item = declaration.item;
    const idParam = typeof item === 'string' ? lastParam(item) : undefined;
    if (typeof item !== 'string' || !paths[item]) {
      problem('item', `item ${JSON.stringify(item)} is not a path of the spec`);
      continue;
    }
    if (!idParam) {
      problem('item', `the item path ${item} must end with its id parameter, such as /customers/{id}`);
      continue;
    }
    const collection = item.slice(0, item.lastIndexOf('/'));
    const envelope = declaration.envelope;
    if (envelope !== undefined && typeof envelope !== 'string') problem('envelope', 'envelope must be a property name');

    // The item's schema: the read's 200, else the create's success, inside the envelope.
    const readResponse = paths[item]?.get?.responses?.['200'];
    const createResponse = Object.entries(paths[collection]?.post?.responses ?? {}).find(([status]) => /^2/.test(status))?.[1];
    const content = jsonContent(document, readResponse) ?? jsonContent(document, createResponse);
    let itemSchema = content?.schema;
    if (envelope && typeof envelope === 'string') {
      const enveloped = objectShape(document, itemSchema).properties.get(envelope);
      if (!enveloped) problem('envelope', `the item's response has no property ${JSON.stringify(envelope)}`);
      itemSchema = enveloped;
    }
    if (!itemSchema) {
      problem('item', `neither GET ${item} (200) nor POST ${collection} (2xx) declares a JSON body to take the item's schema from`);
      continue;
    }
    const shape = objectShape(document, itemSchema);
    const idField = declaration.idField ?? (shape.properties.has(idParam) ? idParam : 'id');
    if (typeof idField !== 'string' || !shape.properties.has(idField)) {
      problem('idField', `the item has no property ${JSON.stringify(idField)} to hold its id (declare idField)`);
      continue;
    }
    const idType = typesOf(document, shape.properties.get(idField)).includes('integer') ? 'integer' : 'string';

    // The starting state: every item the spec's examples show (reads, creates, lists).
    /** @type {unknown[]} */
    const examples = [];
    for (const example of content?.examples ?? []) examples.push(...unwrap(example, envelope));
    for (const example of jsonContent(document, createResponse)?.examples ?? []) examples.push(...unwrap(example, envelope));
    const list = paths[collection]?.get;
    const listItems = list?.['x-payspec-pagination']?.items;
    for (const example of jsonContent(document, list?.responses?.['200'])?.examples ?? []) examples.push(...unwrap(example, typeof listItems === 'string' ? listItems : undefined));
    const exampleIds = [...new Set(examples.map((value) => /** @type {any} */ (value)?.[idField]).filter((id) => id !== undefined).map(String))];

    /** @type {() => string} */
    let newId;
    if (idType === 'integer') {
      let next = Math.max(0, ...exampleIds.map(Number).filter(Number.isFinite)) + 1;
      newId = () => String(next++);
    } else {
      const template = declaration.idFormat ?? inferTemplate(exampleIds);
      const maker = typeof template === 'string' ? fromTemplate(template) : 'no example shows an id to take the format from (declare idFormat)';
      if (typeof maker === 'string') {
        problem('idFormat', maker);
        continue;
      }
      const pattern = deref(document, shape.properties.get(idField))?.pattern;
      const sample = maker();
      if (typeof pattern === 'string' && !new RegExp(pattern, 'u').test(sample)) {
        problem('idFormat', `a new id such as ${JSON.stringify(sample)} does not match the id's pattern ${pattern} (declare idFormat)`);
        continue;
      }
      newId = maker;
    }
    const pageSize = declaration.pageSize;
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0)) problem('pageSize', 'pageSize must be a positive integer');
    const order = declaration.order ?? 'oldest-first';
    if (!ORDERS.includes(order)) problem('order', `order must be one of ${ORDERS.join(', ')}, not ${JSON.stringify(order)}`);
    resources.push({ name, collection, item, idParam, idField, envelope, parent: undefined, parentParam: undefined, pageSize, newestFirst: order === 'newest-first', itemSchema, idType, newId, examples: dedupe(examples, idField) });
  }

  // Parents: declared, or the resource whose item path the collection lies under.
  for (const resource of resources) {
    const declaration = declarations.get(resource.name);
    const parentName = declaration.parent;
    const parent =
      parentName !== undefined
        ? resources.find((other) => other.name === parentName)
        : resources.filter((other) => other !== resource && resource.collection.startsWith(`${other.item}/`)).sort((a, b) => b.item.length - a.item.length)[0];
    if (parentName !== undefined && (!parent || !resource.collection.startsWith(`${parent.item}/`))) {
      problems.push({ pointer: [...base, resource.name, 'parent'], message: `resource ${resource.name}: parent ${JSON.stringify(parentName)} is not a declared resource whose item path ${resource.collection} lies under` });
      continue;
    }
    resource.parent = parent;
    resource.parentParam = parent?.idParam;
  }

  // Operations: the conventions, then the declared roles.
  /** @type {Map<string, { method: string; path: string; operation: any }>} */
  const byId = new Map();
  for (const [path, item] of Object.entries(paths)) for (const method of METHODS) if (item?.[method]?.operationId) byId.set(item[method].operationId, { method, path, operation: item[method] });
  for (const resource of resources) {
    /** @param {string} method @param {string} path @param {Role} role */
    const bind = (method, path, role) => {
      const operation = paths[path]?.[method];
      if (operation) bindings.set(`${method.toUpperCase()} ${path}`, { resource, role, method, path, operation });
    };
    bind('post', resource.collection, 'create');
    bind('get', resource.collection, 'list');
    bind('get', resource.item, 'read');
    bind('patch', resource.item, 'merge');
    bind('put', resource.item, 'replace');
    bind('delete', resource.item, 'delete');
    for (const path of Object.keys(paths)) {
      const below = path.startsWith(`${resource.item}/`) && !path.slice(resource.item.length + 1).includes('{');
      if (below && !resources.some((other) => other.collection === path)) bind('post', path, 'act');
    }
  }
  for (const resource of resources) {
    const operations = declarations.get(resource.name).operations;
    if (operations === undefined) continue;
    if (!operations || typeof operations !== 'object') {
      problems.push({ pointer: [...base, resource.name, 'operations'], message: `resource ${resource.name}: operations must map operationIds to roles` });
      continue;
    }
    for (const [operationId, role] of Object.entries(operations)) {
      const pointer = [...base, resource.name, 'operations', operationId];
      const found = byId.get(operationId);
      if (!found) problems.push({ pointer, message: `resource ${resource.name}: no operation has the operationId ${JSON.stringify(operationId)}` });
      else if (!ROLES.includes(role)) problems.push({ pointer, message: `resource ${resource.name}: ${JSON.stringify(role)} is not a role (${ROLES.join(', ')})` });
      else if (!found.path.startsWith(resource.collection)) problems.push({ pointer, message: `resource ${resource.name}: ${operationId} (${found.path}) is not under ${resource.collection}` });
      else bindings.set(`${found.method.toUpperCase()} ${found.path}`, { resource, role, method: found.method, path: found.path, operation: found.operation });
    }
  }
  return { resources, bindings, problems };
}

/**
 * @param {unknown[]} items
 * @param {string} idField
 */
function dedupe(items, idField) {
  /** @type {Map<string, unknown>} */
  const byId = new Map();
  for (const value of items) {
    const id = /** @type {any} */ (value)?.[idField];
    if (id !== undefined && !byId.has(String(id))) byId.set(String(id), value);
  }
  return [...byId.values()];
}
