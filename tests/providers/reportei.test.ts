import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  ConfigurationError,
  createReporteiClient,
  unwrap,
  type Customer,
  type CustomerWithIntegrations,
  type ErrorBody,
  type ValidationErrorBody,
} from '@payspec/reportei';
import { startFaultServer } from '../helpers/fault-server.js';
import { examplePicker, expectNoViolations, fetchWithout, mockUrl, useMock, recordRequests, preferStatus, violations } from '../helpers/prism.js';

await useMock('reportei');

const accessToken = 'reportei_access_token_placeholder';
const customerToken = 'customer_token_placeholder';
const uuid = 'caedbbbe-7d93-476f-b965-bf97cd7ce874';
const client = () => createReporteiClient({ accessToken, baseUrl: mockUrl('reportei') });

describe('Reportei client against Prism', () => {
  it('lists customers with page and per_page (GET /customers)', async () => {
    const { data, response } = await client().GET('/customers', { params: { query: { page: 1, per_page: 15 } } });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(data?.data.map((customer) => customer.uuid)).toContain(uuid);
    expect(data?.meta).toMatchObject({ current_page: 1, last_page: 1 });
    expect(data?.data[0]?.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('accepts a customer without trial_ends_at and is_paying, as older responses are', async () => {
    const older = { uuid, name: 'Reportei Customer', created_at: '2024-09-24 17:07:34', updated_at: '2024-09-24 17:07:34', merchant: 'Reportei' };
    const server = await startFaultServer([{ status: 200, body: { customer: older } }]);
    try {
      const reportei = createReporteiClient({ accessToken, baseUrl: server.url });
      const customer = await unwrap(reportei.GET('/customers/{uuid}', { params: { path: { uuid } } }));
      expectTypeOf(customer.customer.trial_ends_at).toEqualTypeOf<string | undefined>();
      expectTypeOf(customer.customer.is_paying).toEqualTypeOf<boolean | undefined>();
      expectTypeOf(customer.customer.merchant).toEqualTypeOf<string>();
      expect(customer.customer).toEqual(older);
    } finally {
      await server.close();
    }
  });

  it('refuses per_page above 100, the documented maximum', async () => {
    const { response } = await client().GET('/customers', { params: { query: { per_page: 101 } } });
    // No 422 is declared for this operation: Prism answers its own problem report.
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { validation: { location: string[]; code: string }[] };
    expect(problem.validation).toContainEqual(expect.objectContaining({ location: ['query', 'per_page'], code: 'maximum' }));
    const { response: ok } = await client().GET('/customers', { params: { query: { per_page: 100 } } });
    expectNoViolations(ok);
    expect(ok.status).toBe(200);
  });

  it('shows a customer (GET /customers/{uuid})', async () => {
    const { data, response } = await client().GET('/customers/{uuid}', { params: { path: { uuid } } });
    expectNoViolations(response);
    expectTypeOf(data?.customer).toEqualTypeOf<Customer | undefined>();
    expect(data?.customer.uuid).toBe(uuid);
  });

  it('reads the current customer settings with a customer token, not swallowed by /customers/{uuid}', async () => {
    const { data, response } = await client().withOptions({ customerToken }).GET('/customers/settings');
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expectTypeOf(data?.customer).toEqualTypeOf<CustomerWithIntegrations | undefined>();
    expect(data?.customer.integrations.length).toBeGreaterThan(0);
    expect(data?.customer.integrations[0]).toHaveProperty('slug');
  });

  it('rejects settings without a customer token (401)', async () => {
    const { error, response } = await client().GET('/customers/settings');
    expect(response.status).toBe(401);
    expect(violations(response).map((v) => v.code)).toContain(401);
    expectTypeOf(error).toEqualTypeOf<ErrorBody | undefined>();
    expect(error?.message).toBeTypeOf('string');
  });

  it('sends the customer token of one call, with the bearer token, and never logs either', async () => {
    const { fetch, sent } = recordRequests();
    const events: unknown[] = [];
    const spy = createReporteiClient({ accessToken, baseUrl: mockUrl('reportei'), log: (event) => events.push(event), fetch });
    const { response } = await spy.GET('/customers/settings', { headers: { 'x-customer-token': customerToken } });
    expectNoViolations(response);
    expect(sent[0]!.headers.get('authorization')).toBe(`Bearer ${accessToken}`);
    expect(sent[0]!.headers.get('x-customer-token')).toBe(customerToken);
    expect(JSON.stringify(events)).not.toContain(accessToken);
    expect(JSON.stringify(events)).not.toContain(customerToken);
  });

  it('creates a customer; the api_token is typed and returned once (POST /customers, 201)', async () => {
    const { data, response } = await client().POST('/customers', { body: { name: 'Reportei Customer 1' } });
    expectNoViolations(response);
    expect(response.status).toBe(201);
    expectTypeOf(data!.customer.api_token).toEqualTypeOf<string>();
    expect(data?.customer.api_token.length).toBeGreaterThan(0);
  });

  it('updates a customer (PUT /customers/{uuid})', async () => {
    const { data, response } = await client().PUT('/customers/{uuid}', { params: { path: { uuid } }, body: { name: 'Renamed' } });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(data?.customer.name).toBeTypeOf('string');
    expect(data?.customer.updated_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('deletes a customer without a body (DELETE /customers/{uuid})', async () => {
    const { fetch, sent } = recordRequests();
    const spy = createReporteiClient({ accessToken, baseUrl: mockUrl('reportei'), fetch });
    const { data, response } = await spy.DELETE('/customers/{uuid}', { params: { path: { uuid } } });
    expectNoViolations(response);
    expect(data).toMatchObject({ success: true });
    expect(sent[0]!.method).toBe('DELETE');
    expect(sent[0]!.text).toBe('');
  });

  it('updates the payment status (POST /customers/{uuid}/update-payment-status)', async () => {
    const { data, response } = await client().POST('/customers/{uuid}/update-payment-status', {
      params: { path: { uuid } },
      body: { is_paying: true },
    });
    expectNoViolations(response);
    expect(data?.success).toBe(true);
  });

  it('walks several pages with for await, following meta', async () => {
    const picker = examplePicker((url) => (url.pathname === '/customers' ? (url.searchParams.get('page') === '2' ? 'secondOfTwoPages' : 'firstOfTwoPages') : undefined));
    const pager = createReporteiClient({ accessToken, baseUrl: mockUrl('reportei'), fetch: picker.fetch });
    const seen: Customer[] = [];
    for await (const customer of pager.paginate('/customers', { params: { query: { per_page: 1 } } })) seen.push(customer);
    expect(seen.map((customer) => customer.name)).toEqual(['Reportei Customer 1', 'Reportei Customer 2']);
    expect(picker.responses.map((r) => new URL(r.url).search)).toEqual(['?per_page=1', '?per_page=1&page=2']);
    picker.responses.forEach(expectNoViolations);
  });
});

describe('Reportei errors', () => {
  it('401 without a bearer token', async () => {
    const withoutAuth = createReporteiClient({ accessToken, baseUrl: mockUrl('reportei'), fetch: fetchWithout('authorization') });
    const { error, response } = await withoutAuth.GET('/customers');
    expect(response.status).toBe(401);
    expect(violations(response).map((v) => v.code)).toContain(401);
    expect(error?.message).toBeTypeOf('string');
  });

  it('404 as an ApiError with the typed body', async () => {
    const error = await unwrap(client().GET('/customers/{uuid}', { params: { path: { uuid } }, ...preferStatus(404) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError<ErrorBody>;
    expect(apiError).toMatchObject({ status: 404, method: 'GET', path: `/customers/${uuid}` });
    expect(apiError.body.message).toBeTypeOf('string');
  });

  it('422 for a body that breaks the schema, with the validation body type', async () => {
    const { error, response } = await client().POST('/customers', { body: {} as never });
    expect(response.status).toBe(422);
    expect(violations(response).length).toBeGreaterThan(0);
    expectTypeOf(error).toMatchTypeOf<ValidationErrorBody | ErrorBody | undefined>();
  });

  it('refuses to be created without an access token', () => {
    expect(() => createReporteiClient({ accessToken: '' })).toThrow(ConfigurationError);
  });
});
