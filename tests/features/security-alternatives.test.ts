/**
 * Security alternatives through a generated client: the fixture provider of
 * `tests/fixtures/providers/either-auth/` (root security: HTTP Basic or a Bearer token; one
 * operation for the token only, one for nobody) is built by the real pipeline into a scratch
 * project, and its generated client calls Prism started on its generated spec. Each alternative
 * goes on the wire alone and Prism finds no violation; both or neither is a typed error before
 * anything is sent. The generated options type is type-checked too.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@payspec/runtime';
import { buildFixtureWithMock, typecheckWithFixture, type FixtureWithMock } from '../helpers/fixture-provider.js';
import { expectNoViolations, recordRequests, type SentRequest } from '../helpers/prism.js';

interface Result {
  data?: unknown;
  error?: unknown;
  response: Response;
}
interface EitherAuthClient {
  GET(path: string, init?: Record<string, unknown>): Promise<Result>;
  POST(path: string, init?: Record<string, unknown>): Promise<Result>;
  withOptions(options: Record<string, unknown>): EitherAuthClient;
}
/** The generated module, as far as this file uses it (its real types are checked below). */
interface EitherAuthModule {
  createEitherAuthClient(options?: Record<string, unknown>): EitherAuthClient;
  ConfigurationError: typeof ConfigurationError;
}

let fixture: FixtureWithMock<EitherAuthModule>;

beforeAll(async () => {
  fixture = await buildFixtureWithMock<EitherAuthModule>('either-auth');
});

afterAll(async () => {
  await fixture?.dispose();
});

const VARIABLES = ['EITHER_AUTH_USERNAME', 'EITHER_AUTH_PASSWORD', 'EITHER_AUTH_TOKEN'];
afterEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});

const basic = { username: 'ann@either-auth.test', password: 'pw-basic-secret' };
const bearer = { token: 'tok-bearer-secret' };
const basicHeader = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
const id = { params: { path: { id: 'wid_1' } } };

function client(options: Record<string, unknown>) {
  const recorder = recordRequests();
  return { client: fixture.client.createEitherAuthClient({ baseUrl: fixture.prism.url, fetch: recorder.fetch, ...options }), sent: recorder.sent };
}
const authorization = (sent: SentRequest[]) => sent.map((request) => request.headers.get('authorization'));

describe('each alternative goes on the wire alone', () => {
  it('HTTP Basic: the user name and password, and nothing of the token', async () => {
    const { client: either, sent } = client(basic);
    const list = await either.GET('/widgets');
    const created = await either.POST('/widgets', { body: { name: 'Sprocket' } });
    expect(list.data).toEqual({ data: [{ id: 'wid_1', name: 'Sprocket' }] });
    expect(created.response.status).toBe(201);
    expect(authorization(sent)).toEqual([basicHeader, basicHeader]);
    [list, created].forEach((result) => expectNoViolations(result.response));
  });

  it('Bearer: the token, also on the operation that takes only the token', async () => {
    const { client: either, sent } = client(bearer);
    const results = [await either.GET('/widgets'), await either.POST('/widgets', { body: { name: 'Sprocket' } }), await either.GET('/widgets/{id}', id)];
    expect(results.map((result) => result.response.status)).toEqual([200, 201, 200]);
    expect(authorization(sent)).toEqual(Array(3).fill('Bearer tok-bearer-secret'));
    results.forEach((result) => expectNoViolations(result.response));
  });

  it('an operation with `security: []` is sent without a credential, whichever alternative the client has', async () => {
    for (const options of [basic, bearer]) {
      const { client: either, sent } = client(options);
      const result = await either.GET('/status');
      expect(result.data).toEqual({ status: 'ok' });
      expect(authorization(sent)).toEqual([null]);
      expectNoViolations(result.response);
    }
  });

  it('the token-only operation with Basic credentials fails before anything is sent', async () => {
    const { client: either, sent } = client(basic);
    const error = await either.GET('/widgets/{id}', id).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(fixture.client.ConfigurationError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('token');
    expect((error as Error).message).toBe('GET /widgets/{id}: the operation accepts `bearerAuth` (`token`) only, and the client was created with the credentials of another security alternative.');
    expect(sent).toEqual([]);
  });

  it('from the environment: the alternative whose variables are set', async () => {
    process.env.EITHER_AUTH_TOKEN = bearer.token;
    const { client: either, sent } = client({});
    expectNoViolations((await either.GET('/widgets')).response);
    // Options given win, and the other alternative's variables are not read.
    const { client: withBasic, sent: sentBasic } = client(basic);
    expectNoViolations((await withBasic.GET('/widgets')).response);
    expect([...authorization(sent), ...authorization(sentBasic)]).toEqual(['Bearer tok-bearer-secret', basicHeader]);
  });

  it('withOptions with the other alternative switches to it', async () => {
    const { client: either, sent } = client(basic);
    const switched = either.withOptions({ token: bearer.token });
    expectNoViolations((await switched.GET('/widgets/{id}', id)).response);
    expect(authorization(sent)).toEqual(['Bearer tok-bearer-secret']);
  });
});

describe('both or neither is a typed error, before anything is sent', () => {
  const refusal = (options: Record<string, unknown>) => {
    try {
      fixture.client.createEitherAuthClient({ baseUrl: fixture.prism.url, ...options });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    throw new Error('the client was created');
  };

  it('the credentials of both alternatives', () => {
    const error = refusal({ ...basic, ...bearer });
    expect(error.message).toBe('EitherAuth: the options of 2 security alternatives were given (`username`, `password`; `token`): pass the credentials of one of them only.');
    for (const secret of [basic.password, bearer.token]) expect(`${error.message}${error.stack}`).not.toContain(secret);
  });

  it('the variables of both alternatives, with no option given', () => {
    process.env.EITHER_AUTH_USERNAME = basic.username;
    process.env.EITHER_AUTH_TOKEN = bearer.token;
    expect(refusal({}).message).toBe(
      'EitherAuth: the environment variables of 2 security alternatives are set (EITHER_AUTH_USERNAME; EITHER_AUTH_TOKEN): pass the credentials of one of them as options, or unset the others.',
    );
  });

  it('no credential at all names every alternative and its variables', () => {
    expect(refusal({}).message).toBe(
      'EitherAuth: credentials are required, those of one of these alternatives: `username` and `password` (basicAuth; or the EITHER_AUTH_USERNAME and EITHER_AUTH_PASSWORD environment variables), or `token` (bearerAuth; or the EITHER_AUTH_TOKEN environment variable).',
    );
  });

  it('half of Basic names the missing half', () => {
    const error = refusal({ username: basic.username });
    expect(error.option).toBe('password');
    expect(error.message).toBe('EitherAuth: the `password` option is required (or set the EITHER_AUTH_PASSWORD environment variable).');
  });
});

describe('the generated options type', () => {
  it('is a choice: the credentials of one alternative, never of both (type-checked against the generated package)', async () => {
    expect(await typecheckWithFixture(fixture, 'either-auth', (generated) => `import { expectTypeOf } from 'vitest';
import { createEitherAuthClient, type EitherAuthClient, type EitherAuthClientOptions, type EitherAuthCredentials } from '${generated}';

export function check(client: EitherAuthClient) {
  createEitherAuthClient({ username: 'ann', password: 'pw' });
  createEitherAuthClient({ token: 'tok', timeout: 1000 });
  // Every credential may come from its environment variable.
  createEitherAuthClient();
  createEitherAuthClient({ username: 'ann' });
  // @ts-expect-error: the credentials of two alternatives
  createEitherAuthClient({ username: 'ann', password: 'pw', token: 'tok' });
  // @ts-expect-error: ... even one option of each
  createEitherAuthClient({ password: 'pw', token: 'tok' });
  // @ts-expect-error: credentials are strings
  createEitherAuthClient({ token: 42 });
  client.withOptions({ token: 'tok' });
  client.withOptions({ maxRetries: 0 });
  // @ts-expect-error: withOptions takes one alternative too
  client.withOptions({ username: 'ann', token: 'tok' });
  expectTypeOf<EitherAuthCredentials>().toEqualTypeOf<
    { username?: string; password?: string; token?: never } | { token?: string; username?: never; password?: never }
  >();
  expectTypeOf<{ token: string; baseUrl: string }>().toExtend<EitherAuthClientOptions>();
  expectTypeOf<{ username: string; token: string }>().not.toExtend<EitherAuthClientOptions>();
}
`)).toEqual([]);
  });
});
