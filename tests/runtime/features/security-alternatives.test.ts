/**
 * Security requirements at run time, with hand-written definitions and a `fetch` that records what
 * would leave: the root's alternatives chosen by the credentials given (or their environment
 * variables), each operation's own requirement applied alone, the choice of CyberSource's kind
 * (an option picks a signer) and schemes outside the alternatives unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, createApiClient, type ApiDefinition, type BaseClientOptions } from '@payspec/runtime';
import type { SignerModule } from '@payspec/runtime';
import { credentialChoice, securityAlternatives } from '@payspec/runtime/alternatives';

const sent: Request[] = [];
const fetch = async (request: Request) => (sent.push(request), Response.json({ id: 't1' }));
afterEach(() => {
  sent.length = 0;
  for (const name of ['ACME_USERNAME', 'ACME_PASSWORD', 'ACME_TOKEN']) delete process.env[name];
});

const either: ApiDefinition = {
  provider: 'Acme',
  servers: [{ url: 'https://api.example.com' }],
  auth: [
    { type: 'basic', name: 'basicAuth', option: 'username', passwordOption: 'password' },
    { type: 'bearer', name: 'bearerAuth', option: 'token' },
    { type: 'header', name: 'tenant', option: 'tenantKey', header: 'x-tenant' },
  ],
  credentials: [
    { option: 'username', env: 'ACME_USERNAME' },
    { option: 'password', env: 'ACME_PASSWORD' },
    { option: 'token', env: 'ACME_TOKEN' },
    { option: 'tenantKey', optional: true },
  ],
  security: [['basicAuth'], ['bearerAuth']],
  operationSecurity: { 'GET /things/{id}': [['bearerAuth']], 'GET /health': [], 'GET /tenant': [['bearerAuth', 'tenant'], ['basicAuth', 'tenant']] },
  // What a generated package passes when its spec offers alternatives.
  alternatives: securityAlternatives,
  credentialChoice,
};

type Any = Record<string, any>;
const client = (options: Record<string, unknown>, definition = either) => createApiClient<Any>(definition, { baseUrl: 'https://api.example.com', fetch, ...options } as BaseClientOptions) as Any;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const thrown = (action: () => unknown): ConfigurationError => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('nothing was thrown');
};

describe('alternatives of the root security', () => {
  it('the credentials given pick the alternative, and only its scheme is applied', async () => {
    await client({ username: 'ann', password: 'pw_1' }).GET('/things');
    await client({ token: 'tok_1' }).GET('/things');
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([basic('ann', 'pw_1'), 'Bearer tok_1']);
  });

  it('the credentials of two alternatives are a ConfigurationError naming the options, never the values', () => {
    const error = thrown(() => client({ username: 'ann_value', token: 'tok_value' }));
    expect(error.message).toBe('Acme: the options of 2 security alternatives were given (`username`; `token`): pass the credentials of one of them only.');
    expect(error.option).toBe('token');
  });

  it('no credentials at all name every alternative with its environment variables', () => {
    expect(thrown(() => client({})).message).toBe(
      'Acme: credentials are required, those of one of these alternatives: `username` and `password` (basicAuth; or the ACME_USERNAME and ACME_PASSWORD environment variables), or `token` (bearerAuth; or the ACME_TOKEN environment variable).',
    );
  });

  it('part of an alternative is that alternative, with its missing credential named', () => {
    expect(thrown(() => client({ username: 'ann' })).message).toBe('Acme: the `password` option is required (or set the ACME_PASSWORD environment variable).');
  });

  it('environment variables pick an alternative when no option does; options win over the variables of another alternative', async () => {
    process.env.ACME_TOKEN = 'tok_env';
    await client({}).GET('/things');
    await client({ username: 'ann', password: 'pw' }).GET('/things');
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual(['Bearer tok_env', basic('ann', 'pw')]);
    process.env.ACME_USERNAME = 'ann_env';
    expect(thrown(() => client({})).message).toBe(
      'Acme: the environment variables of 2 security alternatives are set (ACME_USERNAME; ACME_TOKEN): pass the credentials of one of them as options, or unset the others.',
    );
    process.env.ACME_PASSWORD = 'pw_env';
    await client({ token: 'tok_opt' }).GET('/things');
    expect(sent.at(-1)!.headers.get('authorization')).toBe('Bearer tok_opt');
  });

  it('needs the choice the generated package imports', () => {
    const { credentialChoice: _, ...without } = either;
    expect(thrown(() => client({ token: 'tok_1' }, without)).message).toMatch(/@payspec\/runtime\/alternatives/);
  });

  it('withOptions with the other alternative switches to it', async () => {
    const first = client({ username: 'ann', password: 'pw' });
    await first.withOptions({ token: 'tok_2' }).GET('/things');
    await first.withOptions({ timeout: 5000 }).GET('/things');
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual(['Bearer tok_2', basic('ann', 'pw')]);
  });
});

describe("an operation's own security", () => {
  it('a subset of the alternatives applies just that; one the client was not given fails before anything is sent', async () => {
    await client({ token: 'tok_1' }).GET('/things/{id}', { params: { path: { id: 't1' } } });
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual(['Bearer tok_1']);
    const error = await client({ username: 'ann', password: 'pw' }).GET('/things/{id}', { params: { path: { id: 't1' } } }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(
      'GET /things/{id}: the operation accepts `bearerAuth` (`token`) only, and the client was created with the credentials of another security alternative.',
    );
    expect(sent).toHaveLength(1);
  });

  it('`security: []` sends no credential; a scheme of its own is added where the operation asks for it', async () => {
    await client({ token: 'tok_1', tenantKey: 'ten_1' }).GET('/health');
    await client({ token: 'tok_1', tenantKey: 'ten_1' }).GET('/things');
    await client({ username: 'ann', password: 'pw', tenantKey: 'ten_1' }).GET('/tenant');
    await client({ token: 'tok_1' }).GET('/tenant');
    expect(sent.map((r) => [r.headers.get('authorization'), r.headers.get('x-tenant')])).toEqual([
      [null, null],
      ['Bearer tok_1', null],
      [basic('ann', 'pw'), 'ten_1'],
      // An optional credential absent: the rest of the requirement is sent (the API answers 401).
      ['Bearer tok_1', null],
    ]);
  });

  it('an empty alternative (`{}`) makes credentials optional', async () => {
    const optional: ApiDefinition = { ...either, auth: [either.auth[1]!], credentials: [either.credentials[2]!], security: [['bearerAuth'], []], operationSecurity: {} };
    await client({}, optional).GET('/things');
    await client({ token: 'tok_1' }, optional).GET('/things');
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([null, 'Bearer tok_1']);
  });

  it('a definition without `security` applies every scheme, as before', async () => {
    const { security: _, operationSecurity: __, ...legacy } = either;
    await client({ token: 'tok_1', username: 'ann', password: 'pw', tenantKey: 'ten' }, legacy).GET('/things');
    expect(sent.map((r) => [r.headers.get('authorization'), r.headers.get('x-tenant')])).toEqual([['Bearer tok_1', 'ten']]);
  });
});

describe('alternatives chosen by an option (CyberSource)', () => {
  const signer = (name: string): SignerModule => ({ style: name, create: ({ key }) => (key ? async () => ({ 'x-signed-by': name }) : undefined) });
  const signed: ApiDefinition = {
    provider: 'Acme',
    servers: [{ url: 'https://api.example.com' }],
    auth: [
      { type: 'signer', name: 'sigA', style: 'a', options: { key: 'key' }, choice: { option: 'authentication', value: 'a', default: true } },
      { type: 'signer', name: 'sigB', style: 'b', options: { key: 'key' }, choice: { option: 'authentication', value: 'b' } },
    ],
    credentials: [{ option: 'key' }],
    security: [['sigA'], ['sigB']],
    operationSecurity: { 'GET /only-a': [['sigA']] },
    signers: { a: signer('a'), b: signer('b') },
    alternatives: securityAlternatives,
  };

  it('the option picks the scheme, the shared credentials are required once, and an operation of the other scheme is refused', async () => {
    await client({ key: 'k' }, signed).GET('/things');
    await client({ key: 'k', authentication: 'b' }, signed).GET('/things');
    expect(sent.map((r) => r.headers.get('x-signed-by'))).toEqual(['a', 'b']);
    expect(thrown(() => client({}, signed)).message).toMatch(/`key` option is required/);
    await expect(client({ key: 'k', authentication: 'b' }, signed).GET('/only-a')).rejects.toThrow(/accepts `sigA` \(`key`\) only/);
  });
});
