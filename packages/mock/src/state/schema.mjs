// @ts-check
/**
 * Reading a bundled OpenAPI document: local `$ref`s, the properties an object schema allows
 * (through `allOf`, `anyOf`, `oneOf`), and the parts of operations the stateful layer needs.
 */

/** @typedef {Record<string, any>} Json */

/**
 * The schema or object a local `$ref` points at (repeatedly), or the value itself.
 * @param {Json} document
 * @param {any} value
 * @returns {any}
 */
export function deref(document, value) {
  let current = value;
  for (let hops = 0; current && typeof current === 'object' && typeof current.$ref === 'string'; hops++) {
    if (hops > 64 || !current.$ref.startsWith('#/')) return undefined;
    current = current.$ref
      .slice(2)
      .split('/')
      .map((/** @type {string} */ part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((/** @type {any} */ node, /** @type {string} */ key) => node?.[key], document);
  }
  return current;
}

/**
 * Every property an object schema declares (its own and its `allOf`/`anyOf`/`oneOf` parts'), with
 * the required names and the readOnly flags.
 * @param {Json} document
 * @param {any} schema
 * @returns {{ properties: Map<string, any>; required: Set<string> }}
 */
export function objectShape(document, schema) {
  /** @type {Map<string, any>} */
  const properties = new Map();
  /** @type {Set<string>} */
  const required = new Set();
  /** @param {any} part @param {boolean} all */
  const visit = (part, all) => {
    const resolved = deref(document, part);
    if (!resolved || typeof resolved !== 'object') return;
    for (const [name, property] of Object.entries(resolved.properties ?? {})) if (!properties.has(name)) properties.set(name, property);
    if (all) for (const name of resolved.required ?? []) required.add(name);
    for (const child of resolved.allOf ?? []) visit(child, all);
    for (const child of [...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) visit(child, false);
  };
  visit(schema, true);
  return { properties, required };
}

/**
 * The types a schema allows (`type` as a list), looking through `$ref` and `allOf`.
 * @param {Json} document
 * @param {any} schema
 * @returns {string[]}
 */
export function typesOf(document, schema) {
  const resolved = deref(document, schema);
  if (!resolved || typeof resolved !== 'object') return [];
  if (resolved.type) return Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  if (resolved.properties) return ['object'];
  if (resolved.items) return ['array'];
  for (const part of [...(resolved.allOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.oneOf ?? [])]) {
    const types = typesOf(document, part);
    if (types.length) return types;
  }
  return [];
}

/**
 * A schema keyword looked up through `$ref` and `allOf` (`readOnly`, `format`, `default`...).
 * @param {Json} document
 * @param {any} schema
 * @param {string} name
 * @returns {any}
 */
export function keyword(document, schema, name) {
  const resolved = deref(document, schema);
  if (!resolved || typeof resolved !== 'object') return undefined;
  if (name in resolved) return resolved[name];
  for (const part of resolved.allOf ?? []) {
    const found = keyword(document, part, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The JSON schema of a response (or request body) object's first JSON media type, and its examples.
 * @param {Json} document
 * @param {any} holder a response or request body
 * @returns {{ schema: any; examples: unknown[]; mediaType: string } | undefined}
 */
export function jsonContent(document, holder) {
  const resolved = deref(document, holder);
  const entries = Object.entries(resolved?.content ?? {});
  const entry = entries.find(([type]) => /json/i.test(type)) ?? entries[0];
  if (!entry) return undefined;
  const [mediaType, media] = /** @type {[string, any]} */ (entry);
  const examples = [];
  if (media.example !== undefined) examples.push(media.example);
  for (const example of Object.values(media.examples ?? {})) {
    const value = deref(document, example)?.value;
    if (value !== undefined) examples.push(value);
  }
  return { schema: media.schema, examples, mediaType };
}

/**
 * The value at a dotted path (`pagination.next`), or undefined.
 * @param {any} value
 * @param {string} dotted
 */
export function at(value, dotted) {
  return dotted.split('.').reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), value);
}

/**
 * Sets the value at a dotted path, making the objects on the way.
 * @param {any} target
 * @param {string} dotted
 * @param {unknown} value
 */
export function setAt(target, dotted, value) {
  const keys = dotted.split('.');
  const last = /** @type {string} */ (keys.pop());
  let node = target;
  for (const key of keys) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key];
  }
  node[last] = value;
}

/**
 * The schema of the property at a dotted path (`_embedded.profiles`) of an object schema.
 * @param {Json} document
 * @param {any} schema
 * @param {string} dotted
 * @returns {any}
 */
export function schemaAt(document, schema, dotted) {
  return dotted.split('.').reduce((node, key) => (node === undefined ? undefined : objectShape(document, node).properties.get(key)), schema);
}

/**
 * Whether a schema allows null (`type` with null, a null `const` or `enum` member, or any
 * `oneOf`/`anyOf` part that does).
 * @param {Json} document
 * @param {any} schema
 * @returns {boolean}
 */
export function allowsNull(document, schema) {
  const resolved = deref(document, schema);
  if (!resolved || typeof resolved !== 'object') return false;
  const type = resolved.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null')) || resolved.const === null || (Array.isArray(resolved.enum) && resolved.enum.includes(null))) return true;
  return [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? [])].some((part) => allowsNull(document, part));
}
