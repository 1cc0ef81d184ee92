/**
 * `pnpm mock <provider> [--port N] [--host H] [--stateless]`: serves a provider's generated spec, so
 * clients can be developed without the provider's sandbox. The command of @payspec/mock
 * (`payspec-mock`), reading the spec from `generated/` instead of an installed package.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { runMockCommand } from '../packages/mock/src/cli.mjs';
import { repoRoot } from './shared/paths.js';
import { readRegistry } from './spec/registry.js';

const names = (await readRegistry()).map((provider) => provider.name);

const help = `Serves generated/<provider>/openapi.yaml (providers: ${names.join(', ')}).

  -p, --port <n>   the port to listen on (default 4010)
  --host <host>    the interface to listen on (default 127.0.0.1)
  --stateless      answer with the spec's examples only, keeping nothing between calls
  -h, --help       this text

The mock keeps state like the API (per credential, starting from the spec's examples: see the
resources in the provider's overlay), checks every request with Prism (what is wrong is listed in
the \`sl-violations\` response header), enforces the security schemes, and answers with another
documented status on request (\`Prefer: code=404\`). Ctrl+C stops it. Outside this repository,
the same command is \`payspec-mock <provider>\` from the @payspec/mock package.`;

async function resolve(provider: string): Promise<{ spec: string; label: string } | { error: string; usage?: boolean }> {
  if (!names.includes(provider)) return { error: `unknown provider ${JSON.stringify(provider)} (providers: ${names.join(', ')})`, usage: true };
  const spec = path.join(repoRoot(), 'generated', provider, 'openapi.yaml');
  try {
    await access(spec);
  } catch {
    return { error: `generated/${provider}/openapi.yaml does not exist yet: run \`pnpm build\` first` };
  }
  return { spec, label: provider };
}

runMockCommand(process.argv.slice(2), { program: 'pnpm mock', target: '<provider>', help, resolve }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`pnpm mock: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
