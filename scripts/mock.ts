/**
 * `pnpm mock <provider> [--port N]`: serves a provider's generated spec with Prism, so clients can
 * be developed without the provider's sandbox. Runs until interrupted.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/paths.js';
import { onOrphaned } from './lib/lifecycle.js';
import { startMock } from './lib/prism.js';
import { readRegistry } from './lib/registry.js';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const names = (await readRegistry()).map((provider) => provider.name);
  const provider = positionals[0];
  if (!provider || !names.includes(provider)) {
    console.error(`usage: pnpm mock <provider> [--port 4010] [--host 127.0.0.1]\nproviders: ${names.join(', ')}`);
    return 2;
  }
  try {
    await access(path.join(repoRoot(), 'generated', provider, 'openapi.yaml'));
  } catch {
    console.error(`generated/${provider}/openapi.yaml does not exist yet: run \`pnpm build\` first.`);
    return 1;
  }
  const port = values.port ? Number(values.port) : 4010;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`--port must be a port number, got ${values.port}`);
    return 2;
  }
  const mock = await startMock(provider, { port, ...(values.host ? { host: values.host } : {}), log: (line) => console.log(line) });
  console.log(`\n${provider} mock listening on ${mock.url}  (Ctrl+C to stop)`);
  const stop = (code: number) => () => void mock.stop().then(() => process.exit(code));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop(0));
  // `pnpm` killed (even with SIGKILL) leaves this process orphaned: stop with it.
  onOrphaned(stop(1));
  return await new Promise<number>(() => undefined);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);
