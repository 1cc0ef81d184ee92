// @ts-check
/**
 * A fix for Prism's `deepObject` decoder (form bodies and query parameters), applied to the copy of
 * Prism's engine that @payspec/mock loads (see server/prism-engine.mjs).
 *
 * Prism 5.12–5.16 decode a deepObject property by walking its schema, so a property the request
 * does not send at all still comes out as an object (`{}` with every field undefined). A valid
 * form body that leaves out an optional nested object, such as Pin Payments'
 * `PUT /customers/{token}` with `first_name=Jane` and no `card[...]`, is then rejected with one
 * "must have required property" violation per required field of `card`. With the fix, an object
 * none of whose `name[...]` keys were sent is absent, as JSON Schema expects; everything else is
 * Prism's own decoding, validation, `Prefer` and security behaviour.
 */

/**
 * @typedef {(name: string, parameters: Record<string, unknown>, schema: unknown, explode?: boolean) => unknown} Deserializer
 */

/**
 * @param {Record<string, unknown>} parameters
 * @param {string} prefix
 */
function sent(parameters, prefix) {
  return Object.keys(parameters).some((key) => key.startsWith(prefix));
}

/**
 * Drops the nested objects of a decoded value whose keys were not sent (`card[address][...]`).
 * @param {unknown} value
 * @param {string} path the key prefix of `value`, such as `card`
 * @param {Record<string, unknown>} parameters
 * @returns {unknown}
 */
function prune(value, path, parameters) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}[${key}]`;
    if (child && typeof child === 'object' && !Array.isArray(child)) {
      if (sent(parameters, `${childPath}[`)) out[key] = prune(child, childPath, parameters);
    } else if (child !== undefined) {
      out[key] = child;
    }
  }
  return out;
}

/**
 * Prism's deepObject decoder, with objects that were not sent left out.
 * @param {Deserializer} original
 * @returns {Deserializer}
 */
export function fixDeepObject(original) {
  /** @type {Deserializer} */
  const fixed = (name, parameters, schema, explode) => {
    if (!sent(parameters, `${name}[`)) return undefined;
    return prune(original(name, parameters, schema, explode), name, parameters);
  };
  return Object.assign(fixed, { payspecFixed: true });
}
