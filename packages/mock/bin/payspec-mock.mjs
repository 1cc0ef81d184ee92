#!/usr/bin/env node
// @ts-check
/**
 * `payspec-mock <provider | spec.yaml> [--port 4010] [--host 127.0.0.1] [--stateless]`: serves a
 * payspec provider's API, from the spec its package ships (`@payspec/<provider>/openapi.yaml`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { runMockCommand } from '../src/cli.mjs';
import { resolveSpec } from '../src/index.mjs';
import { quote } from '../src/terminal.mjs';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const help = `Serves a payspec provider's API on your machine, from the OpenAPI spec its package ships:
install @payspec/<provider> next to @payspec/mock.

  <provider>          stancer, pin-payments, reportei, cybersource, pingpp, ...: the spec of
                      the installed @payspec/<provider> package
  <path>.yaml|.json   any OpenAPI file instead
  -p, --port <n>      the port to listen on (default 4010)
  --host <host>       the interface to listen on (default 127.0.0.1)
  --stateless         answer with the spec's examples only, keeping nothing between calls
  -h, --help          this text
  --version           the version of @payspec/mock

The mock keeps state like the API: a customer you create can be read, updated, listed and
deleted, per credential (two secret keys never see each other's data), starting from the spec's
examples. Requests are checked by Prism (what is wrong is listed in the \`sl-violations\` response
header), the security schemes are enforced (401 without credentials), and another documented
status is answered on request (\`Prefer: code=404\`). Point a client at it with
\`baseUrl: 'http://127.0.0.1:4010'\`. Ctrl+C stops it.`;

/** @param {string} target */
async function resolve(target) {
  const resolved = resolveSpec(target);
  if ('error' in resolved) return { ...resolved, error: resolved.error.replace(/^"(.*)" is not/, (_, name) => `${quote(name)} is not`) };
  return existsSync(resolved.spec) ? resolved : { error: `${quote(target)} does not exist` };
}

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  console.log(version);
  process.exit(0);
}
runMockCommand(argv, { program: 'payspec-mock', target: '<provider | spec.yaml>', help, resolve }).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`payspec-mock: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
