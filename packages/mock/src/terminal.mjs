// @ts-check
/** Text that reaches a terminal from elsewhere (a path the user typed, a line of Prism's) shown as text. */

/**
 * The text with every control character (C0 and C1: line breaks, escape sequences) and the
 * Unicode line separators written as `\uXXXX`.
 * @param {string} text
 */
export function escapeControls(text) {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value from the command line or the file system, quoted for a terminal: in double quotes, with
 * every control character escaped.
 * @param {string} value
 */
export function quote(value) {
  return escapeControls(JSON.stringify(value));
}
