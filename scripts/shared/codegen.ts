/**
 * The only ways a string from a spec or an overlay may enter generated code or docs: as a JSON
 * literal, inside an escaped comment, as a checked identifier, or as escaped Markdown. The
 * generator never pastes such a string raw.
 */

/**
 * A single-quoted TypeScript string literal: JSON's escaping (backslashes, control characters),
 * with `"` left alone and `'` escaped instead; U+2028/2029 escaped for older parsers.
 */
export function tsString(value: string): string {
  const inner = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${inner.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** A JSON value as a TypeScript expression, pretty-printed, with arrays of scalars kept on one line. */
export function tsValue(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent)
    .replace(/\[\n\s*((?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)(?:,\n\s*(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null))*)\n\s*\]/g, (_, items: string) => `[${items.replace(/,\n\s*/g, ', ')}]`)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A JSON value as TypeScript source a person would write: bare keys where they are identifiers,
 * single-quoted strings, trailing commas, arrays of scalars on one line.
 */
export function tsLiteral(value: unknown, indent = ''): string {
  if (typeof value === 'string') return tsString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((item) => item === null || typeof item !== 'object')) return `[${value.map((item) => tsLiteral(item)).join(', ')}]`;
    return `[\n${value.map((item) => `${inner}${tsLiteral(item, inner)},\n`).join('')}${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${inner}${tsKey(key)}: ${tsLiteral(item, inner)},\n`).join('')}${indent}}`;
}

/**
 * Text for the inside of a `/** ... *\/` comment: `*\/` cannot close it, and each line break
 * continues the comment with `prefix` (`' * '` in a block comment).
 */
export function docText(value: string, prefix = ' * '): string {
  return value
    .replace(/\*\//g, '*\\/')
    .replace(/\r\n?|[\n\u2028\u2029]/g, `\n${prefix}`)
    .trim();
}

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in ' +
    'instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private ' +
    'protected public static yield await constructor __proto__ prototype').split(' '),
);

/** Whether a name can be used as a TypeScript identifier (and an object key without quotes). */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !RESERVED.has(name);
}

/** An object key: bare when it is an identifier, a string literal otherwise. */
export function tsKey(name: string): string {
  return isIdentifier(name) ? name : tsString(name);
}

/** Text for a Markdown paragraph or table cell: no line breaks, no table pipes, no raw HTML. */
export function mdText(value: string): string {
  return value
    .replace(/\r\n?|[\n\u2028\u2029]/g, ' ')
    .replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`)
    .trim();
}

/** CommonMark text (a spec description) on one line: formatting kept, no raw HTML, no table pipes. */
export function mdInline(value: string): string {
  return value
    .replace(/\r\n?|[\n\u2028\u2029]/g, ' ')
    .replace(/[<>|]/g, (c) => `\\${c}`)
    .trim();
}

/** A Markdown code span that holds any text, backticks included. */
export function mdCode(value: string): string {
  const flat = value.replace(/\r\n?|[\n\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Text for HTML element content or a double-quoted attribute. */
export function htmlText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
