/**
 * What the client can learn about where it runs: the runtime and its version (for the identifying
 * header), whether it is a browser (where secrets are readable by anyone who loads the page), and
 * environment variables where `process.env` exists. Every probe goes through `globalThis`, so a
 * bundle for the browser needs no polyfill.
 */

type Globals = {
  process?: { versions?: Record<string, string | undefined>; env?: Record<string, string | undefined> };
  Deno?: { version?: { deno?: string } };
  window?: { document?: unknown };
  navigator?: { userAgent?: string };
  /** Vercel's edge runtime (and its local `edge-runtime`) defines it, as its documentation says to check. */
  EdgeRuntime?: unknown;
};

const globals = globalThis as unknown as Globals;

/**
 * A page in a browser (or a browser-like test environment such as jsdom): a `window` with a
 * `document` and a `navigator`, as openai-node checks it.
 */
export function isBrowser(): boolean {
  return typeof globals.window === 'object' && globals.window !== null && typeof globals.window.document !== 'undefined' && typeof globals.navigator !== 'undefined';
}

/**
 * `node/20.20.0`, `bun/1.2.3`, `deno/2.1.0`, `workerd`, `edge-runtime`, `browser` or `unknown`: the
 * runtime part of the identifying header. Cloudflare's workerd and Vercel's edge runtime come first:
 * with `nodejs_compat` workerd has a `process.versions.node` of its own, which is not Node.
 */
export function runtimeName(): string {
  if (isBrowser()) return 'browser';
  if (typeof globals.EdgeRuntime === 'string') return 'edge-runtime';
  if (globals.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  const versions = globals.process?.versions;
  if (versions?.bun) return `bun/${versions.bun}`;
  if (globals.Deno?.version?.deno) return `deno/${globals.Deno.version.deno}`;
  if (versions?.node) return `node/${versions.node}`;
  return 'unknown';
}

/** An environment variable, or undefined where there is no `process.env` (a browser) or it is unset or empty. */
export function environmentVariable(name: string): string | undefined {
  let value: unknown;
  try {
    value = globals.process?.env?.[name];
  } catch {
    // Deno without --allow-env throws on access: no environment, as in a browser.
    return undefined;
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
