import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureWithMock, type FixtureWithMock } from '../helpers/fixture-provider.js';
import { expectNoViolations, violations } from '../helpers/prism.js';

/**
 * Every style and explode of a query or path parameter, end to end: the fixture provider
 * `tests/fixtures/providers/styles` (one operation per combination) goes through the real pipeline
 * into a scratch project, and each operation is called through its generated client. The test
 * asserts the exact path and query on the wire and, where Prism can read the combination, that
 * Prism (started on the generated spec) finds no violation, and that it does find one when the
 * same wire carries a value outside the schema: proof that Prism really read the parameter.
 *
 * What Prism 5.16 (@stoplight/prism-http, validator/deserializers and uri-template-lite) cannot read
 * is marked with the reason; those calls are answered by the test's own fetch, because several of
 * them crash the Prism process. Their wire strings are asserted all the same.
 */
interface StylesPackage {
  createStylesClient(options: { token: string; baseUrl: string; maxRetries?: number }): {
    GET(path: string, init: { params: Record<string, unknown>; fetch: (request: Request) => Promise<Response> }): Promise<{ response: Response; error?: unknown }>;
  };
  definition: { parameters?: Record<string, unknown> };
}

let built: FixtureWithMock<StylesPackage>;

beforeAll(async () => {
  built = await buildFixtureWithMock<StylesPackage>('styles');
});

afterAll(async () => {
  await built?.dispose();
});

const colors = ['blue', 'black', 'brown'];
const rgb = { r: 100, g: 200, b: 150 };

interface Row {
  path: string;
  params: Record<string, unknown>;
  /** The path and query exactly as sent, after the base URL. */
  wire: string;
  /** Prism reads it: the same wire with one value outside the schema, which Prism must report. */
  invalid?: string;
  /** Why Prism cannot check it: the wire string is asserted, the call is not sent to Prism. */
  prismCannot?: string;
}

// Prism's path parameters come from uri-template-lite, which splits every value on `,` into an
// array; Prism's simple, label and matrix decoders then call string methods on that array and the
// Prism process dies. Any path value with a comma is therefore out of its reach.
const PATH_COMMA = 'Prism splits a path value on `,` before decoding it and crashes on the resulting array';

const rows: Record<string, Row> = {
  'query form, explode, array': {
    path: '/query/form-explode/array',
    params: { query: { color: colors } },
    wire: '/query/form-explode/array?color=blue&color=black&color=brown',
    invalid: '/query/form-explode/array?color=blue,black,brown',
  },
  'query form, array': {
    path: '/query/form/array',
    params: { query: { color: colors } },
    wire: '/query/form/array?color=blue,black,brown',
    invalid: '/query/form/array?color=blue&color=black&color=brown',
  },
  'query spaceDelimited, array': {
    path: '/query/space-delimited/array',
    params: { query: { color: colors } },
    wire: '/query/space-delimited/array?color=blue%20black%20brown',
    prismCannot: 'Prism splits the decoded value on the text `%20` instead of a space, so it reports one item `blue black brown`',
  },
  'query pipeDelimited, array': {
    path: '/query/pipe-delimited/array',
    params: { query: { color: colors } },
    wire: '/query/pipe-delimited/array?color=blue%7Cblack%7Cbrown',
    invalid: '/query/pipe-delimited/array?color=blue&color=black&color=brown',
  },
  'query deepObject, array (expand[])': {
    path: '/query/deep-object/array',
    params: { query: { expand: ['customer', 'invoice'] } },
    wire: '/query/deep-object/array?expand[]=customer&expand[]=invoice',
    prismCannot: 'Prism reads deepObject arrays as `expand[0]=...` only, so it sees an empty array whatever `expand[]` holds',
  },
  'query with no style (form, explode), array': {
    path: '/query/default/array',
    params: { query: { color: colors } },
    wire: '/query/default/array?color=blue&color=black&color=brown',
    invalid: '/query/default/array?color=blue,black,brown',
  },
  'query form, explode, object': {
    path: '/query/form-explode/object',
    params: { query: { color: rgb } },
    wire: '/query/form-explode/object?r=100&g=200&b=150',
    // What openapi-fetch's default sent for every object before.
    invalid: '/query/form-explode/object?color[r]=100&color[g]=200&color[b]=150',
  },
  'query form, object': {
    path: '/query/form/object',
    params: { query: { color: rgb } },
    wire: '/query/form/object?color=r,100,g,200,b,150',
    invalid: '/query/form/object?r=100&g=200&b=150',
  },
  'query spaceDelimited, object': {
    path: '/query/space-delimited/object',
    params: { query: { color: rgb } },
    wire: '/query/space-delimited/object?color=r%20100%20g%20200%20b%20150',
    prismCannot: 'Prism throws "only applicable to array parameter" for an object and the process dies',
  },
  'query pipeDelimited, object': {
    path: '/query/pipe-delimited/object',
    params: { query: { color: rgb } },
    wire: '/query/pipe-delimited/object?color=r%7C100%7Cg%7C200%7Cb%7C150',
    prismCannot: 'Prism throws "only applicable to array parameter" for an object and the process dies',
  },
  'query deepObject, object (Ping++ created[gt])': {
    path: '/query/deep-object/object',
    params: { query: { created: { gt: 1500000000, lte: 1600000000 } } },
    wire: '/query/deep-object/object?created[gt]=1500000000&created[lte]=1600000000',
    invalid: '/query/deep-object/object?gt=1500000000&lte=1600000000',
  },
  'query deepObject, nested object': {
    path: '/query/deep-object-nested/object',
    params: { query: { filter: { created: { gt: 1, lt: 2 }, status: 'open' } } },
    wire: '/query/deep-object-nested/object?filter[created][gt]=1&filter[created][lt]=2&filter[status]=open',
    invalid: '/query/deep-object-nested/object?filter[created][gt]=1&filter[created][lt]=2&filter[status]=lost',
  },
  // Prism decodes before it validates, so it checks the value but cannot tell whether the reserved
  // characters were encoded; the wire string shows they were not (`=` is, as a form parser splits on it).
  'query allowReserved': {
    path: '/query/allow-reserved',
    params: { query: { next: '/a/b?c=d:@!$,;' } },
    wire: '/query/allow-reserved?next=/a/b?c%3Dd:@!$,;',
    invalid: '/query/allow-reserved?next=/a/b?c%3DD',
  },
  'path simple, primitive': {
    path: '/path/simple/primitive/{color}',
    params: { path: { color: 'blue' } },
    wire: '/path/simple/primitive/blue',
    invalid: '/path/simple/primitive/;color=blue',
  },
  'path label, primitive': {
    path: '/path/label/primitive/{color}',
    params: { path: { color: 'blue' } },
    wire: '/path/label/primitive/.blue',
    invalid: '/path/label/primitive/.blues',
  },
  'path matrix, primitive': {
    path: '/path/matrix/primitive/{color}',
    params: { path: { color: 'blue' } },
    wire: '/path/matrix/primitive/;color=blue',
    invalid: '/path/matrix/primitive/;color=.blue',
  },
  'path simple, array': { path: '/path/simple/array/{color}', params: { path: { color: colors } }, wire: '/path/simple/array/blue,black,brown', prismCannot: PATH_COMMA },
  'path simple, explode, array': { path: '/path/simple-explode/array/{color}', params: { path: { color: colors } }, wire: '/path/simple-explode/array/blue,black,brown', prismCannot: PATH_COMMA },
  'path label, array': { path: '/path/label/array/{color}', params: { path: { color: colors } }, wire: '/path/label/array/.blue,black,brown', prismCannot: PATH_COMMA },
  'path label, explode, array': {
    path: '/path/label-explode/array/{color}',
    params: { path: { color: colors } },
    wire: '/path/label-explode/array/.blue.black.brown',
    invalid: '/path/label-explode/array/.blue.black.grey',
  },
  'path matrix, array': { path: '/path/matrix/array/{color}', params: { path: { color: colors } }, wire: '/path/matrix/array/;color=blue,black,brown', prismCannot: PATH_COMMA },
  'path matrix, explode, array': {
    path: '/path/matrix-explode/array/{color}',
    params: { path: { color: colors } },
    wire: '/path/matrix-explode/array/;color=blue;color=black;color=brown',
    invalid: '/path/matrix-explode/array/;color=blue;color=black;color=grey',
  },
  'path simple, object': { path: '/path/simple/object/{color}', params: { path: { color: rgb } }, wire: '/path/simple/object/r,100,g,200,b,150', prismCannot: PATH_COMMA },
  'path simple, explode, object': { path: '/path/simple-explode/object/{color}', params: { path: { color: rgb } }, wire: '/path/simple-explode/object/r=100,g=200,b=150', prismCannot: PATH_COMMA },
  'path label, object': { path: '/path/label/object/{color}', params: { path: { color: rgb } }, wire: '/path/label/object/.r,100,g,200,b,150', prismCannot: PATH_COMMA },
  'path label, explode, object': {
    path: '/path/label-explode/object/{color}',
    params: { path: { color: rgb } },
    wire: '/path/label-explode/object/.r=100.g=200.b=150',
    prismCannot: 'Prism splits an exploded label object on `,` instead of `.`, so it reads { r: "100.g" } and reports the rest missing',
  },
  'path matrix, object': { path: '/path/matrix/object/{color}', params: { path: { color: rgb } }, wire: '/path/matrix/object/;color=r,100,g,200,b,150', prismCannot: PATH_COMMA },
  'path matrix, explode, object': {
    path: '/path/matrix-explode/object/{color}',
    params: { path: { color: rgb } },
    wire: '/path/matrix-explode/object/;r=100;g=200;b=150',
    invalid: '/path/matrix-explode/object/;r=100;g=200;b=256',
  },
};

const answered = () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } });

describe('parameter styles on the wire and in Prism', () => {
  it.each(Object.entries(rows))('%s', async (_name, row) => {
    const sent: string[] = [];
    const client = built.client.createStylesClient({ token: 'tok_test', baseUrl: built.prism.url, maxRetries: 0 });
    const { response, error } = await client.GET(row.path, {
      params: row.params,
      fetch: async (request) => {
        sent.push(request.url.slice(built.prism.url.length));
        return row.prismCannot ? answered() : fetch(request);
      },
    });
    expect(sent).toEqual([row.wire]);
    expect(error).toBeUndefined();
    if (row.prismCannot) return;
    expectNoViolations(response);
    // The same wire with a value outside the schema: Prism reads this parameter and says so.
    const wrong = await fetch(`${built.prism.url}${row.invalid!}`, { headers: { authorization: 'Bearer tok_test' } });
    const [[location, values]] = Object.entries(row.params) as [[string, object]];
    const name = Object.keys(values)[0]!;
    const found = violations(wrong).filter((v) => v.location[1] === location && (v.location[2] === name || v.message.includes(`'${name}'`)));
    expect(found, `Prism reports nothing about ${wrong.url}`).not.toEqual([]);
  });

  it('covers every style and explode OpenAPI 3.1 defines for arrays and objects, and every path style for primitives', () => {
    const names = Object.keys(rows);
    for (const style of ['form, explode', 'form', 'spaceDelimited', 'pipeDelimited', 'deepObject']) {
      for (const kind of ['array', 'object']) expect(names.some((name) => name.startsWith(`query ${style}, ${kind}`))).toBe(true);
    }
    for (const style of ['simple', 'label', 'matrix']) {
      for (const kind of ['primitive', 'array', 'object']) expect(names).toContain(`path ${style}, ${kind}`);
      for (const kind of ['array', 'object']) expect(names).toContain(`path ${style}, explode, ${kind}`);
    }
    // Every operation of the fixture has its row.
    expect(new Set(Object.values(rows).map((row) => row.path)).size).toBe(Object.keys(rows).length);
  });

  it('records in the definition only the parameters not serialized the default way', () => {
    const listed = Object.keys(built.client.definition.parameters ?? {});
    // Query form exploded (declared or by default) and a simple path primitive are left out.
    for (const path of ['/query/form-explode/array', '/query/default/array', '/query/form-explode/object', '/path/simple/primitive/{color}']) {
      expect(listed).not.toContain(`GET ${path}`);
    }
    expect(built.client.definition.parameters?.['GET /query/deep-object/object']).toEqual({ query: { created: { style: 'deepObject', explode: true } } });
    expect(built.client.definition.parameters?.['GET /query/allow-reserved']).toEqual({ query: { next: { style: 'form', explode: true, allowReserved: true } } });
    // A simple array path parameter is listed although simple is the default: it may take an array.
    expect(built.client.definition.parameters?.['GET /path/simple/array/{color}']).toEqual({ path: { color: { style: 'simple', explode: false } } });
    expect(listed).toHaveLength(Object.keys(rows).length - 4);
  });

  it('refuses a path value that would leave its segment, in every style', async () => {
    const client = built.client.createStylesClient({ token: 'tok_test', baseUrl: built.prism.url, maxRetries: 0 });
    const never = async () => {
      throw new Error('nothing may be sent');
    };
    await expect(client.GET('/path/label/primitive/{color}', { params: { path: { color: '.' } }, fetch: never })).rejects.toMatchObject({
      option: 'params.path.color',
      message: expect.stringMatching(/must not be empty, `\.` or `\.\.`/),
    });
    await expect(client.GET('/path/label-explode/array/{color}', { params: { path: { color: ['a/b'] } }, fetch: never })).rejects.toThrow(/must not contain `\/`/);
    await expect(client.GET('/path/simple/array/{color}', { params: { path: { color: ['..'] } }, fetch: never })).rejects.toThrow(/would make its path segment empty, `\.` or `\.\.`/);
    await expect(client.GET('/path/matrix-explode/object/{color}', { params: { path: { color: {} } }, fetch: never })).rejects.toThrow(/must not be an empty object/);
    // Unlisted path parameters still take strings and numbers only.
    await expect(client.GET('/path/simple/primitive/{color}', { params: { path: { color: ['blue'] } }, fetch: never })).rejects.toThrow(/must be a string or a number, got an array/);
  });
});
