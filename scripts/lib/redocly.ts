import { BuildError } from './errors.js';
import { bin, rel } from './paths.js';
import { run } from './run.js';

// No telemetry or update checks: builds must not depend on the network.
const ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', CI: 'true' };

/** Drops the boxed Node 20 end-of-life banner Redocly CLI prints on every run. */
function clean(output: string): string {
  return output
    .split('\n')
    .filter((line) => !/[║╔╚]/.test(line) && !/generate-ignore-file/.test(line))
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
  // A rule's problem: `[1] specs/x/openapi.yaml:12:5 at #/paths/...`.
  const problem = /^(?:\[\d+\]\s+)?(\S+?\.(?:ya?ml|json)):(\d+):(\d+)/m.exec(output);
  if (problem) return { file: problem[1]!, line: Number(problem[2]), column: Number(problem[3]) };
  // A parse failure: `- deficient indentation in "/abs/specs/x/openapi.yaml" (62:3)`.
  const parse = /in "([^"]+\.(?:ya?ml|json))" \((\d+):(\d+)\)/.exec(output);
  if (parse) return { file: rel(parse[1]!), line: Number(parse[2]), column: Number(parse[3]) };
  return undefined;
}

/** Lints a spec with the registry's rules; any error or warning fails. */
export async function lint(spec: string, what = rel(spec)): Promise<void> {
  const { code, output } = await redocly(['lint', spec, '--max-problems', '50']);
  const warnings = /(\d+) warnings?/.exec(output);
  if (code !== 0 || (warnings && Number(warnings[1]) > 0)) {
    const where = firstLocation(output);
    const counts = /(Validation failed with [^\n]*|\d+ errors?[^\n]*|\d+ warnings?[^\n]*|Failed to parse[^\n]*)/.exec(output)?.[1] ?? 'lint failed';
    const summary = counts.replace(/ at \/.*$/, '').replace(/[.:]$/, '');
    throw new BuildError(
      what === rel(spec) ? `lint: ${summary}` : `lint of ${what}: ${summary}`,
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
  // --inlineBundle: the page works offline and loads nothing from a CDN.
  const { code, output } = await redocly(['build-docs', spec, '--output', out, '--title', title, '--inlineBundle']);
  if (code !== 0) throw new BuildError('building the docs failed', rel(spec), undefined, output);
}
