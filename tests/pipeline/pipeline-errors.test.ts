import { describe, expect, it } from 'vitest';
import { buildInProcess, fixtureProject, scratchProject, treeHash } from '../helpers/build.js';

/**
 * The pipeline on a scratch copy of the project with one input broken: the build must fail naming
 * the file and the line, and leave the previously generated output exactly as it was.
 */
/** A scratch copy with only the provider a case breaks, so that each case builds one provider. */
const scratchFor = (file: string) => {
  const fixture = /^tests\/fixtures\/providers\/([a-z-]+)\//.exec(file)?.[1];
  if (fixture) return fixtureProject(fixture);
  // The provider the broken file belongs to (`specs/<provider>/...`, `overlays/<provider>.overlay.yaml`); the registry's cases break Stancer's entry.
  return scratchProject([/^specs\/([a-z0-9-]+)\//.exec(file)?.[1] ?? /^overlays\/([a-z0-9-]+)\.overlay\.yaml$/.exec(file)?.[1] ?? 'stancer']);
};
const STYLES = 'tests/fixtures/providers/styles/openapi.yaml';

interface Breakage {
  name: string;
  file: string;
  change: (text: string) => string;
  /** What the failure output must say: the provider, the file, the line, the reason. */
  expected: (RegExp | string)[];
  /** The reported line must be that of `text` (its first occurrence after `after`) in the broken file. */
  at?: { text: string; after?: string };
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
  // Parameter styles (scripts/spec/parameter-styles.ts): what cannot work is refused at its line.
  {
    name: 'a query parameter in a path style (Ping++ created as matrix, a shared parameter)',
    file: 'specs/pingpp/openapi.yaml',
    change: (text) => text.replace('      style: deepObject\n      explode: true\n', '      style: matrix\n      explode: true\n'),
    expected: [/\[pingpp\] specs\/pingpp\/openapi\.yaml:\d+:\d+: GET \/customers: query parameter `created`: style `matrix` is not defined for query parameters \(it is a path style\); use one of form, spaceDelimited, pipeDelimited, deepObject/],
    at: { text: 'style: matrix' },
  },
  {
    name: 'a deepObject path parameter',
    file: STYLES,
    change: (text) => text.replace('style: label\n', 'style: deepObject\n'),
    expected: [/\[styles\] tests\/fixtures\/providers\/styles\/openapi\.yaml:\d+:\d+: GET \/path\/label\/primitive\/\{color\}: path parameter `color`: style `deepObject` is not defined for path parameters \(it is a query style\)/],
    at: { text: 'style: deepObject', after: '/path/label/primitive/{color}:' },
  },
  {
    name: 'a deepObject primitive',
    file: STYLES,
    change: (text) => text.replace('          allowReserved: true\n', '          style: deepObject\n'),
    expected: [/GET \/query\/allow-reserved: query parameter `next`: style deepObject needs an object \(or array\) schema, and this one is a primitive/],
    at: { text: 'style: deepObject', after: '/query/allow-reserved:' },
  },
  {
    name: 'an exploded pipeDelimited parameter (n/a in the Style Examples table)',
    file: STYLES,
    change: (text) => text.replace('style: pipeDelimited\n          explode: false', 'style: pipeDelimited\n          explode: true'),
    expected: [/GET \/query\/pipe-delimited\/array: query parameter `color`: style pipeDelimited with `explode: true` is undefined in OpenAPI 3\.1/],
    at: { text: 'explode: true', after: '/query/pipe-delimited/array:' },
  },
  {
    name: 'a deepObject parameter with explode false',
    file: STYLES,
    change: (text) => text.replace('style: deepObject\n          explode: true', 'style: deepObject\n          explode: false'),
    expected: [/GET \/query\/deep-object\/array: query parameter `expand`: style deepObject with `explode: false` is undefined in OpenAPI 3\.1/],
    at: { text: 'explode: false', after: '/query/deep-object/array:' },
  },
  {
    name: 'a query parameter described by content, not schema',
    file: STYLES,
    change: (text) =>
      text.replace('          style: form\n          explode: false\n          schema: *colors', '          content:\n            application/json:\n              schema: *colors'),
    expected: [/GET \/query\/form\/array: query parameter `color`: `content` \(a media type\) is not supported for query and path parameters/],
    at: { text: 'content:', after: '/query/form/array:' },
  },
  {
    name: 'allowReserved on a path parameter',
    file: STYLES,
    change: (text) => text.replace('          style: matrix\n', '          style: matrix\n          allowReserved: true\n'),
    expected: [/GET \/path\/matrix\/primitive\/\{color\}: path parameter `color`: `allowReserved` only applies to query parameters/],
    at: { text: 'allowReserved: true', after: '/path/matrix/primitive/{color}:' },
  },
  {
    name: 'an object nested in a form parameter',
    file: STYLES,
    change: (text) => text.replace('r: { type: integer, minimum: 0, maximum: 255 }', 'r: { type: object }'),
    expected: [/GET \/query\/form-explode\/object: query parameter `color`: style form cannot carry arrays or objects inside an object; only deepObject \(query\) nests/],
    at: { text: 'style: form', after: '/query/form-explode/object:' },
  },
];

/** The line of `text`, first found after `after`, in a file's text (1-based). */
function lineAfter(source: string, { text, after }: { text: string; after?: string }): number {
  const index = source.indexOf(text, after === undefined ? 0 : source.indexOf(after));
  expect(index, `${text} is not in the broken file`).toBeGreaterThan(-1);
  return source.slice(0, index).split('\n').length;
}

describe.concurrent('a broken input fails the build and loses nothing', () => {
  it.each(breakages.map((b) => [b.name, b] as const))('%s', async (_name, breakage) => {
    const scratch = scratchFor(breakage.file);
    try {
      const before = await treeHash(scratch.root);
      scratch.edit(breakage.file, breakage.change);
      const run = await buildInProcess([], scratch.root);
      expect(run.status).toBe(1);
      for (const expected of breakage.expected) expect(run.output).toMatch(expected);
      if (breakage.at) expect(run.output).toContain(`${breakage.file}:${lineAfter(scratch.read(breakage.file), breakage.at)}:`);
      expect(await treeHash(scratch.root)).toBe(before);
    } finally {
      scratch.remove();
    }
  });

  it('says that nothing was written', async () => {
    const scratch = scratchFor('overlays/stancer.overlay.yaml');
    try {
      scratch.edit('overlays/stancer.overlay.yaml', (text) => text.replace('target: $.info\n', 'target: $.nothing\n'));
      expect((await buildInProcess([], scratch.root)).output).toContain('nothing was written, the previous output is intact');
    } finally {
      scratch.remove();
    }
  });
});

/**
 * Pagination declarations that would build and then send nonsense: each fails the build at the
 * line of the key at fault. On the fixture provider of `tests/fixtures/providers/page-styles/`
 * (one list per style), or on a real provider's overlay.
 */
interface MeaningBreakage {
  name: string;
  /** `page-styles` (the fixture provider) or a provider of the registry. */
  provider: string;
  file: string;
  change: (text: string) => string;
  /** The failure: after `<file>:<line>:<column>: GET <path>: x-payspec-pagination: `. */
  message: RegExp;
  path: string;
  /** The text of the line the failure must point at (its first occurrence in the changed file). */
  at: string;
}

const FIXTURE_OVERLAY = 'tests/fixtures/providers/page-styles/overlay.yaml';
/** Replaces the `x-payspec-pagination` declaration of one list of the fixture overlay. */
const redeclare = (path: string, declaration: string) => (text: string) =>
  text.replace(new RegExp(`(target: \\$\\.paths\\['${path.replace(/[/]/g, '\\/')}'\\]\\.get\\n(?:.*\\n){2}      x-payspec-pagination:\\n)((?: {8}.*\\n)+)`), (_, head: string) => `${head}${declaration.replace(/^/gm, '        ')}\n`);

const meaningBreakages: MeaningBreakage[] = [
  {
    name: 'a cursor whose parameter is an integer (Ping++ `limit`)',
    provider: 'pingpp',
    file: 'overlays/pingpp.overlay.yaml',
    change: (text) => text.replace('param: starting_after', 'param: limit'),
    path: '/customers',
    message: /the query parameter `limit` \(the cursor\) must be a string \(found integer\)/,
    at: 'param: limit',
  },
  {
    name: 'a page number whose parameter is a string',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: redeclare('/customers/search', 'items: data\npage:\n  param: page\n  next: next_page'),
    path: '/customers/search',
    message: /the query parameter `page` \(the page number\) must be an integer \(found string\)/,
    at: 'param: page\n          next: next_page',
  },
  {
    name: 'a token read from a boolean',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: next_page', 'next: has_more'),
    path: '/customers/search',
    message: /`has_more` in the response schema must be a string \(found boolean\)/,
    at: 'next: has_more',
  },
  {
    name: 'a token path the response does not have',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: meta.cursors.after', 'next: meta.cursor.after'),
    path: '/mandates',
    message: /`meta\.cursor\.after` is not a property of the response schema/,
    at: 'next: meta.cursor.after',
  },
  {
    name: 'a token sent in an integer parameter',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('param: after', 'param: limit'),
    path: '/mandates',
    message: /the query parameter `limit` \(the token\) must be a string \(found integer\)/,
    at: 'param: limit',
  },
  {
    name: 'a link read from an integer',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: _links.next.href', 'next: count'),
    path: '/profiles',
    message: /`count` in the response schema must be a string \(the URL of the next page\) \(found integer\)/,
    at: 'next: count',
  },
  {
    name: 'a link read from a string that is not a URL (format: email)',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: links[rel=next].href', 'next: items[id=INV-2].email'),
    path: '/invoices',
    message: /`items\[id=INV-2\]\.email` in the response schema must be a URL \(`format: uri` or `uri-reference`\), not `format: email`/,
    at: 'next: items[id=INV-2].email',
  },
  {
    name: 'a link selected by a value its array never has',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: links[rel=next].href', 'next: links[rel=nxt].href'),
    path: '/invoices',
    message: /`rel` of the items of `links` can never be "nxt"/,
    at: 'next: links[rel=nxt].href',
  },
  {
    name: 'a link selected by a property its array items do not have',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: links[rel=next].href', 'next: links[kind=next].href'),
    path: '/invoices',
    message: /the items of `links` have no property `kind` to select `\[kind=next\]` by/,
    at: 'next: links[kind=next].href',
  },
  {
    name: 'a total that is not an integer',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('total: meta.total', 'total: data'),
    path: '/payments',
    message: /`data` in the response schema must be an integer \(found array\)/,
    at: 'total: data',
  },
  {
    name: 'an offset parameter the operation does not have',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: redeclare('/payouts', 'items: payouts\noffset:\n  param: skip\n  limit: limit'),
    path: '/payouts',
    message: /`offset\.param` must name a query parameter of the operation; `skip` is not one/,
    at: 'param: skip',
  },
  {
    name: 'two styles in one declaration',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: redeclare('/invoices', 'items: items\nlink:\n  next: links[rel=next].href\npage:\n  param: page\n  next: count'),
    path: '/invoices',
    message: /declare exactly one of `page`, `cursor`, `token`, `link`, `offset` \(found `link`, `page`\)/,
    at: '        page:\n          param: page\n          next: count',
  },
  {
    name: 'an unknown key in a style',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('next: next_page', 'next: next_page\n          until: null'),
    path: '/customers/search',
    message: /`token\.until` is not a key of the token style \(`param`, `next`\)/,
    at: 'until: null',
  },
  {
    name: 'an unknown key beside the style',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('items: payouts', 'items: payouts\n        pageSize: 50'),
    path: '/payouts',
    message: /unknown key `pageSize` \(expected `items` and one of `page`, `cursor`, `token`, `link`, `offset`\)/,
    at: 'pageSize: 50',
  },
  {
    name: 'items at a path with a selector',
    provider: 'page-styles',
    file: FIXTURE_OVERLAY,
    change: (text) => text.replace('items: items', 'items: links[rel=next]'),
    path: '/invoices',
    message: /`items` must be a dotted path of property names, got "links\[rel=next\]"/,
    at: 'items: links[rel=next]',
  },
];

const lineOf = (text: string, snippet: string) => {
  const index = text.indexOf(snippet);
  expect(index, `the changed file has ${JSON.stringify(snippet)}`).toBeGreaterThanOrEqual(0);
  return text.slice(0, index + snippet.search(/\S/)).split('\n').length;
};

describe.concurrent('a pagination declaration that means nonsense fails the build at its line', () => {
  it.each(meaningBreakages.map((b) => [b.name, b] as const))('%s', async (_name, breakage) => {
    const scratch = breakage.provider === 'page-styles' ? fixtureProject('page-styles') : scratchProject([breakage.provider]);
    try {
      const before = await treeHash(scratch.root);
      scratch.edit(breakage.file, breakage.change);
      const line = lineOf(scratch.read(breakage.file), breakage.at);
      const run = await buildInProcess([], scratch.root);
      expect(run.status).toBe(1);
      const where = `[${breakage.provider}] ${breakage.file}:${line}:`;
      expect(run.output).toContain(`${where}`);
      expect(run.output).toMatch(new RegExp(`${where.replace(/[[\]./]/g, '\\$&')}\\d+: GET ${breakage.path.replace(/\//g, '\\/')}: x-payspec-pagination: ${breakage.message.source}`));
      expect(await treeHash(scratch.root)).toBe(before);
    } finally {
      scratch.remove();
    }
  });
});
