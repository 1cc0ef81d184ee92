import { describe, expect, it } from 'vitest';
import { buildInProcess, scratchProject, treeHash } from './helpers/build.js';

/**
 * The pipeline on a scratch copy of the project with one input broken: the build must fail naming
 * the file and the line, and leave the previously generated output exactly as it was.
 */
/** A scratch copy with only the provider a case breaks, so that each case builds one provider. */
const scratchFor = (file: string) => scratchProject([/reportei/.test(file) ? 'reportei' : 'stancer']);

interface Breakage {
  name: string;
  file: string;
  change: (text: string) => string;
  /** What the failure output must say: the provider, the file, the line, the reason. */
  expected: (RegExp | string)[];
}

const breakages: Breakage[] = [
  {
    name: 'an info.x-payspec setting that does nothing (a retired or misspelt key)',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('        clientName: Stancer\n', '        clientName: Stancer\n        package: stancer\n'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: `info\.x-payspec\.package` is not a known setting/],
  },
  {
    name: 'an idempotency body field that no request body declares',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('        clientName: Stancer\n', '        clientName: Stancer\n        idempotency: { bodyField: idempotency_key, methods: [post] }\n'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: `idempotency\.bodyField` `idempotency_key` is not a property of the application\/json body of POST \/customers/],
  },
  {
    name: 'an idempotency declaration with both a header and a body field',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('        clientName: Stancer\n', '        clientName: Stancer\n        idempotency: { header: Idempotency-Key, bodyField: key, methods: [post] }\n'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: `idempotency` needs exactly one of `header` and `bodyField`/],
  },
  {
    name: 'a request-id header that is not a header name',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('        clientName: Stancer\n', '        clientName: Stancer\n        requestIdHeader: [x-request-id, "bad header"]\n'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: `requestIdHeader` must be an HTTP header name/],
  },
  {
    name: 'a pagination rule naming a property the response does not have',
    file: 'overlays/reportei.overlay.yaml',
    change: (text) => text.replace('current: meta.current_page', 'current: meta.page'),
    expected: [/\[reportei\] overlays\/reportei\.overlay\.yaml:\d+:\d+: GET \/customers: x-payspec-pagination: `meta\.page` is not a property of the response schema/],
  },
  {
    name: 'an overlay action whose target matches nothing',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('target: $.components.securitySchemes.basicAuth', 'target: $.components.securitySchemes.basic'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: action #3 target `\$\.components\.securitySchemes\.basic` matches nothing/],
  },
  {
    name: 'an overlay that is not valid YAML',
    file: 'overlays/stancer.overlay.yaml',
    change: (text) => text.replace('  - target: $.info\n', '  - target: $.info\n   bad-indent: [\n'),
    expected: [/\[stancer\] overlays\/stancer\.overlay\.yaml:\d+:\d+: invalid YAML/],
  },
  {
    name: 'a spec that breaks a lint rule',
    file: 'specs/stancer/openapi.yaml',
    change: (text) => text.replace('      summary: Delete a customer\n', ''),
    expected: [/\[stancer\] specs\/stancer\/openapi\.yaml:\d+:\d+: lint: .*1 error/, 'operation-summary'],
  },
  {
    name: 'a spec example that contradicts its schema',
    file: 'specs/stancer/openapi.yaml',
    change: (text) => text.replace("mobile: '+33612345678'", 'mobile: 33612345678'),
    expected: [/\[stancer\] specs\/stancer\/openapi\.yaml:\d+:\d+/, 'no-invalid-media-type-examples'],
  },
  {
    name: 'a spec that is not valid YAML',
    file: 'specs/stancer/openapi.yaml',
    change: (text) => text.replace('paths:\n', 'paths:\n  /customers: [\n'),
    expected: [/\[stancer\] specs\/stancer\/openapi\.yaml:\d+:\d+/],
  },
  {
    name: 'a registry entry without a spec',
    file: 'redocly.yaml',
    change: (text) => text.replace('    root: specs/stancer/openapi.yaml\n', ''),
    expected: [/redocly\.yaml:\d+:\d+: api 'stancer' has no `root:` spec/],
  },
];

describe.concurrent('a broken input fails the build and loses nothing', () => {
  it.each(breakages.map((b) => [b.name, b] as const))('%s', async (_name, breakage) => {
    const scratch = scratchFor(breakage.file);
    try {
      const before = await treeHash(scratch.root);
      scratch.edit(breakage.file, breakage.change);
      const run = await buildInProcess([], scratch.root);
      expect(run.status).toBe(1);
      for (const expected of breakage.expected) expect(run.output).toMatch(expected);
      expect(await treeHash(scratch.root)).toBe(before);
    } finally {
      scratch.remove();
    }
  }, 60_000);

  it('says that nothing was written', async () => {
    const scratch = scratchFor('overlays/stancer.overlay.yaml');
    try {
      scratch.edit('overlays/stancer.overlay.yaml', (text) => text.replace('target: $.info\n', 'target: $.nothing\n'));
      expect((await buildInProcess([], scratch.root)).output).toContain('nothing was written, the previous output is intact');
    } finally {
      scratch.remove();
    }
  }, 60_000);
});
