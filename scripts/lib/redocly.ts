import { BuildError } from './errors.js';
import { bin, rel } from './paths.js';
import { run } from './run.js';

// No telemetry or update checks: builds must not depend on the network.
const ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', CI: 'true' };

/** Drops the boxed Node 20 end-of-life banner Redocly CLI prints on every run. */
function clean(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function redocly(args: string[]): Promise<{ code: number; output: string }> {
  const result = await run(bin('redocly'), args, ENV);
  return { code: result.code, output: clean(result.output) };
}

/** The first `file:line:col` Redocly reports, so the one-line error can point at it. */
function firstLocation(output: string): { file: string; line: number; column: number } | undefined {
  const match = /^(?:\[\d+\]\s+)?(\S+?\.(?:ya?ml|json)):(\d+):(\d+)/m.exec(output);
  if (!match) return undefined;
  return { file: match[1]!, line: Number(match[2]), column: Number(match[3]) };
}

/** Lints a spec with the registry's rules; any error or warning fails. */
export async function lint(spec: string, what = rel(spec)): Promise<void> {
  const { code, output } = await redocly(['lint', spec, '--max-problems', '50']);
  const warnings = /(\d+) warnings?/.exec(output);
  if (code !== 0 || (warnings && Number(warnings[1]) > 0)) {
    const where = firstLocation(output);
    const counts = /(Validation failed with [^\n]*|\d+ errors?[^\n]*|\d+ warnings?[^\n]*)/.exec(output)?.[1] ?? 'lint failed';
    throw new BuildError(
      `${what}: ${counts.replace(/\.$/, '')}`,
      where?.file ?? rel(spec),
      where && { line: where.line, column: where.column },
      output,
    );
  }
}

/** Resolves every `$ref` to another file, so the result is one self-contained document. */
export async function bundle(spec: string, out: string): Promise<void> {
  const { code, output } = await redocly(['bundle', spec, '--output', out, '--ext', 'yaml']);
  if (code !== 0) {
    const where = firstLocation(output);
    throw new BuildError('bundling failed', where?.file ?? rel(spec), where && { line: where.line, column: where.column }, output);
  }
}

/** Renders the HTML reference of a bundled spec. */
export async function buildDocs(spec: string, out: string, title: string): Promise<void> {
  const { code, output } = await redocly(['build-docs', spec, '--output', out, '--title', title]);
  if (code !== 0) throw new BuildError('building the docs failed', rel(spec), undefined, output);
}
