#!/usr/bin/env node
// @ts-check
/**
 * `payspec-mock <provider | spec.yaml> [--port 4010] [--host 127.0.0.1]`: serves a payspec
 * provider's API with Prism, from the spec its package ships (`@payspec/<provider>/openapi.yaml`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { runMockCommand } from '../src/cli.mjs';
import { quote } from '../src/terminal.mjs';

const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

const help = `Serves a payspec provider's API on your machine with Prism (@stoplight/prism-cli), from the
OpenAPI spec its package ships: install @payspec/<provider> next to @payspec/mock.

  <provider>          stancer, pin-payments, reportei, cybersource, pingpp, ...: the spec of
                      the installed @payspec/<provider> package
  <path>.yaml|.json   any OpenAPI file instead
  -p, --port <n>      the port to listen on (default 4010)
  --host <host>       the interface to listen on (default 127.0.0.1)
  -h, --help          this text
  --version           the version of @payspec/mock

The mock answers with the spec's examples, checks every request against the spec (what is wrong
is listed in the \`sl-violations\` response header), enforces the security schemes (401 without
credentials), and answers with another documented status on request (\`Prefer: code=404\`).
Point a client at it with \`baseUrl: 'http://127.0.0.1:4010'\`. Ctrl+C stops it.`;

/** @param {string} target */
async function resolve(target) {
  if (/\.(ya?ml|json)$/i.test(target) || target.includes('/') || target.includes(path.sep)) {
    const file = path.resolve(target);
    return existsSync(file) ? { spec: file, label: path.basename(file) } : { error: `${quote(target)} does not exist` };
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(target)) return { error: `${quote(target)} is not a provider name or a spec file`, usage: true };
  const name = `@payspec/${target}`;
  // From the project the command runs in, then from beside this package (installed together).
  for (const base of [path.join(process.cwd(), 'package.json'), import.meta.url]) {
    try {
      return { spec: createRequire(base).resolve(`${name}/openapi.yaml`), label: target };
    } catch {
      // not found from here
    }
  }
  return { error: `${name} is not installed here: npm install ${name} (or pass the path of a spec)` };
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
