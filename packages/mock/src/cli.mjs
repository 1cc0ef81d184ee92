// @ts-check
/**
 * The mock command, shared by `payspec-mock` (from an installed package) and `pnpm mock` (in the
 * payspec repository): options, help, the spec to serve, the mock started in this process and
 * stopped on a signal or when the command's own parent is gone.
 */
import { parseArgs } from 'node:util';
import { onOrphaned } from './lifecycle.mjs';
import { MockStartError, serve } from './server/start.mjs';
import { quote } from './terminal.mjs';

/**
 * @typedef {object} MockCommand
 * @property {string} program how the user runs it, for the usage line (`payspec-mock`, `pnpm mock`)
 * @property {string} target what the positional argument is, for the usage line
 * @property {string} help the lines after the usage line
 * @property {(target: string) => Promise<{ spec: string; label: string } | { error: string; usage?: boolean }>} resolve the spec
 *   to serve, or why not (`usage`: the argument itself is wrong)
 * @property {(line: string) => void} [out]
 * @property {(line: string) => void} [err]
 */

/**
 * Runs the command. Resolves with the exit code on a usage error or a failed start; while the mock
 * serves it stays pending, and the process exits when a signal or the parent's end stops it.
 * @param {string[]} argv
 * @param {MockCommand} command
 * @returns {Promise<number>}
 */
export async function runMockCommand(argv, command) {
  const out = command.out ?? ((line) => console.log(line));
  const err = command.err ?? ((line) => console.error(line));
  const usage = `usage: ${command.program} ${command.target} [--port 4010] [--host 127.0.0.1] [--stateless]`;
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, stateless: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    err(`${command.program}: ${/** @type {Error} */ (error).message.split('\n')[0]}`);
    err(usage);
    return 2;
  }
  if (args.values.help) {
    out(`${usage}\n\n${command.help}`);
    return 0;
  }
  const [target, ...extra] = args.positionals;
  if (!target || extra.length) {
    err(usage);
    return 2;
  }
  // Decimal digits only: Number() would take 0x1F90 for 8080, 1e3 for 1000 and ' 80' for 80.
  const port = args.values.port === undefined ? 4010 : /^\d{1,5}$/.test(args.values.port) ? Number(args.values.port) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    err(`${command.program}: --port must be a port number (1-65535), not ${quote(args.values.port ?? '')}`);
    return 2;
  }
  const resolved = await command.resolve(target);
  if ('error' in resolved) {
    err(`${command.program}: ${resolved.error}`);
    if (resolved.usage) err(usage);
    return resolved.usage ? 2 : 1;
  }

  let mock;
  try {
    mock = await serve(resolved.spec, { port, host: args.values.host ?? '127.0.0.1', stateless: args.values.stateless === true, log: out });
  } catch (error) {
    if (error instanceof MockStartError) {
      err(`${command.program}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const running = mock;
  /** @param {number} code */
  const stop = (code) => () => void running.stop().then(() => process.exit(code));
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, stop(0));
  // The command's parent killed (even with SIGKILL) leaves this process orphaned: stop with it.
  onOrphaned(stop(1));
  // Announced once the signals are handled: a Ctrl+C (or a test's SIGTERM) right after it is a clean stop.
  out(`${resolved.label} mock listening on ${mock.url}${args.values.stateless ? ' (stateless)' : ''}  (Ctrl+C to stop)`);
  return new Promise(() => undefined);
}
