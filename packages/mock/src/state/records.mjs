// @ts-check
/**
 * Stored items built from what the caller sent, within the item's schema: the fields the caller
 * may set come from the request; the server's own (`readOnly`) come from the server: a new id,
 * timestamps in their declared format, the rest as the spec's example shows them; defaults fill
 * what was not sent; a field that was neither sent nor required is absent.
 */
import { deref, keyword, objectShape, typesOf } from './schema.mjs';

/** @typedef {Record<string, any>} Json */

/** When an item was made or changed (`created`, `created_at`, `updatedAt`), which the server sets to now. */
const TIMESTAMP_NAME = /^(created|updated|modified)(_?at|_on|_time|_date)?$|^date_?(created|updated|modified)$/i;
/** Of those, the ones an update sets again. */
const REFRESHED_NAME = /updated|modified/i;

/** @param {unknown} value */
const isObject = (value) => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * A sent value in the type the schema declares (a form body sends `12` and `true` as text).
 * @param {Json} document
 * @param {any} schema
 * @param {unknown} value
 */
function coerce(document, schema, value) {
  if (typeof value !== 'string') return value;
  const types = typesOf(document, schema);
  if (types.includes('string')) return value;
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * The server's value for a readOnly property of a new item: now for timestamps, else the example's.
 * @param {Json} document
 * @param {string} name
 * @param {any} schema
 * @param {unknown} example
 * @param {number} now
 */
function serverValue(document, name, schema, example, now) {
  // Only when the item was made or changed; other server fields (`trial_ends_at`) keep the example's value.
  if (!TIMESTAMP_NAME.test(name)) return example;
  const format = keyword(document, schema, 'format');
  const types = typesOf(document, schema);
  const iso = new Date(now).toISOString();
  if (format === 'date-time') return iso.replace(/\.\d{3}Z$/, 'Z');
  if (format === 'date') return iso.slice(0, 10);
  if (types.includes('integer') || types.includes('number')) return Math.floor(now / 1000);
  // Without a declared format, written as the example writes it (`2024-09-24 17:07:34`).
  if (typeof example === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(example)) return `${iso.slice(0, 10)}${example[10]}${iso.slice(11, 19)}${example.slice(19)}`;
  return example;
}

/**
 * Builds an item (or a nested object of one) from what was sent.
 * @param {Json} document
 * @param {any} schema the item's schema
 * @param {any} sent the request's value (undefined: not sent)
 * @param {any} base the starting point: the spec's example for a new item, the stored item for an update
 * @param {{ mode: 'create' | 'merge' | 'replace'; now: number }} how
 * @returns {any}
 */
export function compose(document, schema, sent, base, how) {
  const shape = objectShape(document, schema);
  if (shape.properties.size === 0) return sent !== undefined ? coerce(document, schema, sent) : base;
  if (sent !== undefined && !isObject(sent)) return coerce(document, schema, sent);
  /** @type {Json} */
  const out = {};
  const fresh = how.mode !== 'merge';
  for (const [name, property] of shape.properties) {
    const readOnly = keyword(document, property, 'readOnly') === true;
    const given = sent?.[name];
    const before = base?.[name];
    let value;
    if (readOnly) {
      value = how.mode === 'create' || REFRESHED_NAME.test(name) ? serverValue(document, name, property, before, how.now) : before;
    } else if (given !== undefined) {
      value = isObject(given) && shape.properties.size ? compose(document, property, given, how.mode === 'merge' ? before : before, how) : coerce(document, property, given);
    } else if (!fresh) {
      value = before;
    } else {
      const fallback = keyword(document, property, 'default');
      if (fallback !== undefined) value = structuredClone(fallback);
      else if (shape.required.has(name)) value = typesOf(document, property).includes('null') ? null : before;
    }
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * An action's effect (`POST /customers/{uuid}/update-payment-status` with `is_paying`): the sent
 * fields the item has, set as sent, the server's own fields included (an action is how they change).
 * @param {Json} document
 * @param {any} schema the item's schema
 * @param {Json} stored
 * @param {unknown} sent
 * @param {number} now
 */
export function act(document, schema, stored, sent, now) {
  const { properties } = objectShape(document, schema);
  /** @type {Json} */
  const out = { ...stored };
  for (const [name, value] of Object.entries(isObject(sent) ? /** @type {Json} */ (sent) : {})) if (properties.has(name)) out[name] = coerce(document, properties.get(name), value);
  for (const [name, property] of properties) if (REFRESHED_NAME.test(name) && name in stored) out[name] = serverValue(document, name, property, stored[name], now);
  return out;
}

/**
 * The stored item as one operation's response shows it: the properties that response's item schema
 * has, the ones the store does not keep taken from the response's example (Reportei's `api_token`,
 * shown by the create only).
 * @param {Json} document
 * @param {any} schema the response's item schema
 * @param {Json} stored
 * @param {any} example the item of the response Prism chose, ids already replaced
 */
export function project(document, schema, stored, example) {
  const shape = objectShape(document, deref(document, schema));
  if (shape.properties.size === 0) return stored;
  /** @type {Json} */
  const out = {};
  for (const name of shape.properties.keys()) {
    if (name in stored) out[name] = stored[name];
    else if (isObject(example) && name in example && shape.required.has(name)) out[name] = example[name];
  }
  return out;
}

/**
 * A copy of a value with every string equal to one of `ids` (the examples' ids) replaced by `id`,
 * and every occurrence inside longer strings (`/customers/cust_123/cards`) too.
 * @param {unknown} value
 * @param {string[]} ids
 * @param {string} id
 * @returns {any}
 */
export function replaceIds(value, ids, id) {
  if (typeof value === 'string') {
    let out = value;
    for (const example of ids) if (example.length >= 4 && out.includes(example)) out = out.split(example).join(id);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => replaceIds(item, ids, id));
  if (isObject(value)) return Object.fromEntries(Object.entries(/** @type {Json} */ (value)).map(([key, item]) => [key, replaceIds(item, ids, id)]));
  return value;
}

/**
 * A form body (`a=1&card[number]=42`) as nested objects.
 * @param {string} text
 * @returns {Json}
 */
export function decodeForm(text) {
  /** @type {Json} */
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const [head, ...rest] = key.split('[');
    const path = [head ?? '', ...rest.map((part) => part.replace(/\]$/, ''))];
    let node = out;
    for (const part of path.slice(0, -1)) node = isObject(node[part]) ? node[part] : (node[part] = {});
    node[/** @type {string} */ (path.at(-1))] = value;
  }
  return out;
}
