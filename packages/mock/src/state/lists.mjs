// @ts-check
/**
 * A list call answered from the stored items, in the pagination style the operation declares
 * (`x-payspec-pagination`, the declaration the clients' `paginate()` follows): page numbers,
 * cursors, tokens, next links or offsets, with the page size the call asks for.
 */
import { allowsNull, at, deref, schemaAt, setAt } from './schema.mjs';

/** A path segment that selects an array element by a property: `links[rel=next]`. */
const SELECTOR = /^([^[]+)\[([^=\]]+)=([^\]]*)\]$/;

/** Query parameters that set a page's size, by convention. */
export const SIZE_PARAMS = ['limit', 'per_page', 'page_size', 'pageSize', 'size', 'count'];

/** @typedef {Record<string, any>} Json */

/**
 * @param {Record<string, unknown>} query
 * @param {string} name
 */
function queryValue(query, name) {
  const value = query[name];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** @param {string | undefined} text @param {number} fallback */
const integer = (text, fallback) => (text !== undefined && /^\d+$/.test(text) ? Number(text) : fallback);

/**
 * Sets `key` beside a path's last segment when the template body already has it (`pagination.count`).
 * @param {Json} body
 * @param {string} dotted
 * @param {Record<string, unknown>} values
 */
function siblings(body, dotted, values) {
  const parent = dotted.includes('.') ? at(body, dotted.slice(0, dotted.lastIndexOf('.'))) : body;
  if (!parent || typeof parent !== 'object') return;
  for (const [key, value] of Object.entries(values)) if (key in parent) parent[key] = value;
}

/**
 * Sets a next link at a path that may select an array element (`links[rel=next].href`): a null link
 * removes the selected element, as APIs that list links leave `next` out on the last page.
 * @param {Json} document
 * @param {any} schema the list body's schema
 * @param {Json} body
 * @param {string} dotted
 * @param {string | null} value
 */
function setLink(document, schema, body, dotted, value) {
  const segments = dotted.split('.');
  const index = segments.findIndex((segment) => SELECTOR.test(segment));
  if (index === -1) {
    // No next link: null where the schema allows it, the link's object (`_links.next`) if that is what may be null.
    const parentPath = segments.slice(0, -1).join('.');
    if (value === null && parentPath && !allowsNull(document, schemaAt(document, schema, dotted)) && allowsNull(document, schemaAt(document, schema, parentPath))) return setAt(body, parentPath, null);
    return setAt(body, dotted, value);
  }
  const [, name, key, wanted] = /** @type {RegExpExecArray} */ (SELECTOR.exec(/** @type {string} */ (segments[index])));
  const parentPath = [...segments.slice(0, index), /** @type {string} */ (name)].join('.');
  const list = Array.isArray(at(body, parentPath)) ? at(body, parentPath) : [];
  const position = list.findIndex((/** @type {any} */ element) => element && String(element[/** @type {string} */ (key)]) === wanted);
  if (value === null) {
    if (position !== -1) list.splice(position, 1);
  } else {
    const element = position === -1 ? list[list.push({ [/** @type {string} */ (key)]: wanted }) - 1] : list[position];
    setAt(element, segments.slice(index + 1).join('.'), value);
  }
  setAt(body, parentPath, list);
}

/**
 * The next link: the example's link (or the first server's URL and the list's path) with the
 * call's query and the continuation, absolute as links are.
 * @param {Json} document
 * @param {unknown} example
 * @param {{ path: string; query: Record<string, unknown> }} request
 * @param {string} param
 * @param {string} value
 */
function nextLink(document, example, request, param, value) {
  const path = request.path;
  let url;
  try {
    url = new URL(typeof example === 'string' ? example : `${String(document.servers?.[0]?.url ?? 'http://localhost').replace(/\/$/, '')}${path}`);
  } catch {
    url = new URL(`http://localhost${path}`);
  }
  const query = new URLSearchParams();
  for (const [key, given] of Object.entries(request.query)) if (key !== param) for (const one of [given].flat()) query.append(key, String(one));
  query.set(param, value);
  url.search = query.toString();
  return url.href;
}

/** @param {number} offset */
const token = (offset) => Buffer.from(JSON.stringify({ offset })).toString('base64url');
/** @param {string | undefined} text */
function offsetOf(text) {
  try {
    const offset = JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8')).offset;
    return Number.isInteger(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

/**
 * Fills a list body (Prism's example for the call, a template) with one page of `items`.
 * @param {Json} document
 * @param {Json} operation
 * @param {{ path: string; query: Record<string, unknown> }} request
 * @param {Json[]} items all the stored items, in order
 * @param {Json} body the template, changed in place
 * @param {{ idField: string; pageSize: number | undefined }} resource
 * @param {any} schema the list body's schema
 */
export function fillList(document, operation, request, items, body, resource, schema) {
  const pagination = operation['x-payspec-pagination'];
  const parameters = (operation.parameters ?? []).map((/** @type {any} */ parameter) => deref(document, parameter)).filter((/** @type {any} */ parameter) => parameter?.in === 'query');
  const sizeName = pagination?.offset?.limit ?? SIZE_PARAMS.find((name) => parameters.some((/** @type {any} */ parameter) => parameter.name === name));
  const sizeParameter = parameters.find((/** @type {any} */ parameter) => parameter.name === sizeName);
  const size = Math.max(1, integer(sizeName ? queryValue(request.query, sizeName) : undefined, deref(document, sizeParameter?.schema)?.default ?? resource.pageSize ?? 20));
  const total = items.length;
  const pages = Math.max(1, Math.ceil(total / size));

  if (!pagination) {
    if (Array.isArray(body)) return items;
    return body;
  }
  let start = 0;
  if (pagination.page) {
    const page = Math.max(1, integer(queryValue(request.query, pagination.page.param), 1));
    start = (page - 1) * size;
    if (pagination.page.next) {
      setAt(body, pagination.page.next, page < pages ? page + 1 : null);
      siblings(body, pagination.page.next, { current: page, previous: page > 1 ? page - 1 : null, per_page: size, pages, count: total });
    } else {
      setAt(body, pagination.page.current, page);
      setAt(body, pagination.page.last, pages);
      const shown = Math.max(0, Math.min(size, total - start));
      siblings(body, pagination.page.current, { per_page: size, total, from: shown ? start + 1 : null, to: shown ? start + shown : null });
    }
  } else if (pagination.cursor) {
    const after = queryValue(request.query, pagination.cursor.param);
    const index = after === undefined ? -1 : items.findIndex((item) => String(item[pagination.cursor.from]) === after);
    start = index + 1;
    setAt(body, pagination.cursor.hasMore, start + size < total);
  } else if (pagination.token) {
    start = offsetOf(queryValue(request.query, pagination.token.param));
    setAt(body, pagination.token.next, start + size < total ? token(start + size) : null);
  } else if (pagination.link) {
    // The continuation a link carries: a page number where the list takes one, else an opaque token.
    const pageParam = parameters.find((/** @type {any} */ parameter) => parameter.name === 'page' && deref(document, parameter.schema)?.type === 'integer');
    const example = pagination.link.next.split('.').some((/** @type {string} */ segment) => SELECTOR.test(segment)) ? undefined : at(body, pagination.link.next);
    let next;
    if (pageParam) {
      const page = Math.max(1, integer(queryValue(request.query, 'page'), 1));
      start = (page - 1) * size;
      next = start + size < total ? nextLink(document, example, request, 'page', String(page + 1)) : null;
    } else {
      const param = parameters.find((/** @type {any} */ parameter) => deref(document, parameter.schema)?.type === 'string')?.name ?? 'page_token';
      start = offsetOf(queryValue(request.query, param));
      next = start + size < total ? nextLink(document, example, request, param, token(start + size)) : null;
    }
    setLink(document, schema, body, pagination.link.next, next);
  } else if (pagination.offset) {
    start = integer(queryValue(request.query, pagination.offset.param), 0);
    if (pagination.offset.total) setAt(body, pagination.offset.total, total);
  }
  if (typeof pagination.items === 'string') setAt(body, pagination.items, items.slice(start, start + size));
  if (!pagination.page && body && typeof body === 'object' && 'count' in body && typeof body.count === 'number') body.count = total;
  return body;
}
