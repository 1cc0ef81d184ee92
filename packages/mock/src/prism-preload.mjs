// @ts-check
/**
 * Preloaded into every Prism process @payspec/mock starts (`node --import`): the process exits
 * when its parent is gone, and Prism's deepObject decoder is fixed (see deep-object.mjs) in each
 * copy of @stoplight/prism-http that Prism loads (the CLI's own and its HTTP server's).
 */
import './exit-with-parent.mjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fixDeepObject } from './deep-object.mjs';

const require = createRequire(import.meta.url);
const cliRoot = path.dirname(require.resolve('@stoplight/prism-cli/package.json'));
const fromCli = createRequire(path.join(cliRoot, 'package.json'));
const serverRoot = path.dirname(fromCli.resolve('@stoplight/prism-http-server/package.json'));
const fromServer = createRequire(path.join(serverRoot, 'package.json'));

for (const from of [fromCli, fromServer]) {
  /** @type {{ body?: Record<string, unknown>; query?: Record<string, unknown> }} */
  const deserializers = from('@stoplight/prism-http/dist/validator/deserializers');
  for (const table of [deserializers.body, deserializers.query]) {
    const original = table?.deepObject;
    // A Prism whose decoders moved must not run unfixed: fail loudly, the mock runner says so.
    if (!table || typeof original !== 'function') throw new Error('payspec-mock: this Prism has no deepObject decoder where payspec expects it');
    if (!('payspecFixed' in original)) table.deepObject = fixDeepObject(/** @type {import('./deep-object.mjs').Deserializer} */ (original));
  }
}
