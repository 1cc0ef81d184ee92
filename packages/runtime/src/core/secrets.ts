/**
 * The one place that decides what is secret: which headers carry credentials (for logs, and for
 * what may never leave the provider's origin), which strings must be scrubbed from errors and log
 * events, and which values can safely go into a header at all.
 */

export const REDACTED = '[redacted]';

/** Headers whose values are credentials in any API, whatever the provider's scheme names. */
const ALWAYS_SECRET = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Names that say "credential" or "signature" in any provider's vocabulary. */
const SECRET_WORDS = /token|secret|signature|api-?key|password|session|credential/i;

/** Whether a header carries a credential or a signature; `extra` names provider-specific ones. */
export function isSecretHeader(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  const lower = name.toLowerCase();
  return ALWAYS_SECRET.has(lower) || extra.has(lower) || SECRET_WORDS.test(lower);
}

/** A copy of the headers with credential values replaced by `[redacted]`. */
export function redactHeaders(headers: Headers, extra: Iterable<string> = []): Record<string, string> {
  const secret = new Set([...extra].map((name) => name.toLowerCase()));
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = isSecretHeader(name, secret) ? REDACTED : value;
  });
  return out;
}

/** Shorter strings would blank out ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

/**
 * Scrubs known secret values (credentials, and the header values computed from them) out of text
 * that came from elsewhere: a server's error body, a library's error message. A server that echoes
 * the credential back must not put it into an error message, a stack or a log line.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  constructor(values: Iterable<unknown> = []) {
    for (const value of values) this.add(value);
  }

  /** Adds a secret, and the forms it takes inside JSON text (`/` escaped as `\/` by some servers). */
  add(value: unknown): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    this.#secrets.add(value);
    const json = JSON.stringify(value).slice(1, -1);
    if (json !== value) this.#secrets.add(json);
    if (json.includes('/')) this.#secrets.add(json.replace(/\//g, '\\/'));
  }

  /**
   * A copy with the credential header values one request sent (and the parts a server may echo on
   * their own: the token after `Bearer `, a signature's quoted parameters); this one is unchanged.
   */
  with(headerValues: Iterable<unknown>): Redactor {
    const copy = new Redactor();
    for (const secret of this.#secrets) copy.#secrets.add(secret);
    for (const value of headerValues) {
      copy.add(value);
      if (typeof value === 'string') for (const part of headerValueParts(value)) copy.add(part);
    }
    return copy;
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** The text with every secret replaced by `[redacted]`, longest first so no fragment survives. */
  text(text: string): string {
    if (this.#secrets.size === 0 || text === '') return text;
    let out = text;
    for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
    return out;
  }

  /** Whether the text holds any secret. */
  finds(text: string): boolean {
    for (const secret of this.#secrets) if (text.includes(secret)) return true;
    return false;
  }

  /** The headers with every secret value scrubbed, and credential headers redacted by name. */
  headers(headers: Headers, extra: ReadonlySet<string> = new Set()): Headers {
    const out = new Headers();
    headers.forEach((value, name) => out.append(name, isSecretHeader(name, extra) ? REDACTED : this.text(value)));
    return out;
  }
}

/** Parts of a credential header shorter than this are not scrubbed on their own (a `keyId="1"`). */
const MIN_PART_LENGTH = 8;

/**
 * The parts of a credential header value that a server may echo without the rest: what follows
 * the scheme (`Basic <base64>`, `Bearer <jwt>`), and each quoted parameter (`signature="..."`).
 */
function headerValueParts(value: string): string[] {
  const parts: string[] = [];
  const scheme = /^[A-Za-z][\w-]*\s+(\S[\s\S]*)$/.exec(value);
  if (scheme) parts.push(scheme[1]!);
  for (const match of value.matchAll(/[\w-]+="([^"]*)"/g)) parts.push(match[1]!);
  for (const match of value.matchAll(/[\w-]+=([^",\s]+)/g)) parts.push(match[1]!);
  return parts.filter((part) => part.length >= MIN_PART_LENGTH && part !== value);
}

/** Control characters: CR and LF split headers, NUL truncates them; none belongs in a credential. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why a value cannot be sent as a header value, or undefined when it can. Never quotes the value:
 * the callers put the reason into errors.
 */
export function headerValueProblem(value: string, options: { outerSpace?: boolean } = {}): string | undefined {
  if (CONTROL.test(value)) return 'contains a control character (CR, LF, NUL, ...)';
  if (/[^\u0000-\u00ff]/.test(value)) return 'contains characters outside ISO-8859-1, which a header cannot carry';
  // `Headers` trims silently; a credential that changes on the way is refused instead.
  if (!options.outerSpace && value.trim() !== value) return 'has leading or trailing white space';
  return undefined;
}

/** RFC 9110 `token`: what a header name may contain. */
export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}
