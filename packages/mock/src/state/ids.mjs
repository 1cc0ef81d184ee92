// @ts-check
/**
 * New ids in a provider's own format: declared as a template (`idFormat: cus_{22}`), or inferred
 * from the ids of the spec's examples (the prefix kept, the rest drawn from the same characters).
 */
import { randomInt, randomUUID } from 'node:crypto';

const ALPHABETS = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  digits: '0123456789',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
};

/** The placeholders of an id template: `{22}` (letters and digits), `{hex:32}`, `{HEX:32}`, `{digits:8}`, `{lower:10}`, `{upper:10}`, `{base64url:22}`, `{uuid}`. */
export const ID_TEMPLATE = /\{(?:(alnum|lower|upper|hex|HEX|digits|base64url):)?(\d{1,3})\}|\{uuid\}/g;

/**
 * @param {keyof typeof ALPHABETS} kind
 * @param {number} length
 */
function draw(kind, length) {
  const alphabet = ALPHABETS[kind];
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/**
 * A maker of ids from a template, or why the template is wrong.
 * @param {string} template
 * @returns {(() => string) | string}
 */
export function fromTemplate(template) {
  if (!template.match(ID_TEMPLATE)) return `idFormat ${JSON.stringify(template)} has no placeholder such as {22}, {hex:32} or {uuid}: every id would be the same`;
  return () =>
    template.replace(ID_TEMPLATE, (whole, kind, length) => (whole === '{uuid}' ? randomUUID() : draw(/** @type {keyof typeof ALPHABETS} */ (kind ?? 'alnum'), Number(length))));
}

/**
 * The template that the example ids follow, or undefined when they have none in common.
 * @param {string[]} ids
 * @returns {string | undefined}
 */
export function inferTemplate(ids) {
  const [first] = ids;
  if (!first) return undefined;
  const templates = ids.map((id) => {
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return '{uuid}';
    // The prefix: lower-case words each ending in `_` (`cus_`, `sk_test_`); the rest is drawn.
    const prefix = /^(?:[a-z]+_)+/.exec(id)?.[0] ?? '';
    const rest = id.slice(prefix.length);
    if (!/^[A-Za-z0-9_-]+$/.test(rest)) return undefined;
    const kind = /[-_]/.test(rest) ? 'base64url' : /^[0-9]+$/.test(rest) ? 'digits' : /^[0-9A-F]+$/.test(rest) && rest.length >= 16 ? 'HEX' : /^[0-9a-f]+$/.test(rest) && rest.length >= 16 ? 'hex' : /^[a-z0-9]+$/.test(rest) ? 'lower' : /^[A-Z0-9]+$/.test(rest) ? 'upper' : 'alnum';
    return `${prefix.replace(/[{}]/g, '')}{${kind}:${rest.length}}`;
  });
  // Examples that disagree (different prefixes or lengths) say nothing certain: the first one's form.
  return templates[0];
}
