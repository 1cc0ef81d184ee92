import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  createPinPaymentsClient,
  definition,
  unwrap,
  type Card,
  type Charge,
  type Customer,
  type ErrorBody,
  type Subscription,
  type ValidationErrorBody,
} from '@payspec/pin-payments';
import { resolveBaseUrl } from '@payspec/runtime';
import { examplePicker, expectNoViolations, fetchWithout, mockUrl, useMock, preferStatus, recordRequests, violations } from '../helpers/prism.js';

await useMock('pin-payments');

const secretKey = 'pin_test_secret_key_placeholder';
const customer_token = 'cus_XyMvMg-m2vpz1HRxa6bADQ';
const card_token = 'card_9SZvtHGjrQwXw7NgKQnPbA';
const subscription_token = 'sub_bZWXhTzHooKpk9FZjQfzqQ';
const client = () => createPinPaymentsClient({ secretKey, baseUrl: mockUrl('pin-payments') });
const customer = { params: { path: { customer_token } } };
const card = {
  number: '4200000000000000',
  expiry_month: '12',
  expiry_year: '2030',
  cvc: '123',
  name: 'John Doe',
  address_line1: '123 Test St',
  address_city: 'Test City',
  address_country: 'Australia',
};

/** A client that keeps what it actually sent, and forwards it to Prism. */
function recording() {
  const { fetch, sent } = recordRequests();
  return { spy: createPinPaymentsClient({ secretKey, baseUrl: mockUrl('pin-payments'), fetch }), sent };
}

describe('Pin Payments customers against Prism', () => {
  it('creates a customer from a JSON body (POST /customers, 201 in the response envelope)', async () => {
    const { data, response } = await client().POST('/customers', { body: { email: 'customer@example.com', first_name: 'John', card } });
    expectNoViolations(response);
    expect(response.status).toBe(201);
    expectTypeOf(data!.response).toEqualTypeOf<Customer>();
    expect(data?.response.token).toBe(customer_token);
    expect(data?.response.card?.expiry_month).toBeTypeOf('number');
    expect(data).not.toHaveProperty('status');
  });

  it('creates a customer from a form body with the nested card in brackets', async () => {
    const { spy, sent } = recording();
    const { response } = await spy.POST('/customers', {
      body: { email: 'customer@example.com', card },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectNoViolations(response);
    expect(response.status).toBe(201);
    expect(sent[0]!.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(sent[0]!.text);
    expect(form.get('email')).toBe('customer@example.com');
    expect(form.get('card[number]')).toBe('4200000000000000');
    expect(form.get('card[address_country]')).toBe('Australia');
  });

  it('lists customers (GET /customers) with count and pagination', async () => {
    const { data, response } = await client().GET('/customers', { params: { query: { page: 1 } } });
    expectNoViolations(response);
    expect(data?.count).toBe(data?.response.length);
    expect(data?.pagination).toMatchObject({ current: 1, next: null, per_page: 25 });
  });

  it('gets a customer (GET /customers/{customer_token})', async () => {
    const { data, response } = await client().GET('/customers/{customer_token}', customer);
    expectNoViolations(response);
    expect(data?.response.email).toBe('customer@example.com');
  });

  it('updates a customer with PUT, JSON and form alike', async () => {
    const json = await client().PUT('/customers/{customer_token}', { ...customer, body: { first_name: 'Jane' } });
    expectNoViolations(json.response);
    expect(json.data?.response.first_name).toBe('Jane');
    const { spy, sent } = recording();
    const form = await spy.PUT('/customers/{customer_token}', {
      ...customer,
      body: { first_name: 'Jane', card },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectNoViolations(form.response);
    expect(sent[0]!.text).toContain('card%5Bcvc%5D=123');
  });

  it('deletes a customer (204, no body)', async () => {
    const { data, response } = await client().DELETE('/customers/{customer_token}', customer);
    expectNoViolations(response);
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
  });

  it("lists a customer's charges, cards and subscriptions", async () => {
    const charges = await client().GET('/customers/{customer_token}/charges', customer);
    const cards = await client().GET('/customers/{customer_token}/cards', customer);
    const subscriptions = await client().GET('/customers/{customer_token}/subscriptions', customer);
    for (const { response } of [charges, cards, subscriptions]) expectNoViolations(response);
    expectTypeOf(charges.data!.response).toEqualTypeOf<Charge[]>();
    expectTypeOf(cards.data!.response).toEqualTypeOf<Card[]>();
    expectTypeOf(subscriptions.data!.response).toEqualTypeOf<Subscription[]>();
    expect(charges.data?.response[0]?.token).toMatch(/^ch_/);
    // What reconciliation needs: the transfers a charge was paid out in, typed.
    const [paidOut, authorised] = charges.data!.response;
    expectTypeOf(paidOut!.transfer).toEqualTypeOf<{ state: string; paid_at: string | null; token: string }[] | undefined>();
    expect(paidOut?.transfer?.[0]).toMatchObject({ state: 'paid', token: expect.stringMatching(/^tfer_/) });
    expect(authorised?.transfer).toEqual([]);
    expect(paidOut).toMatchObject({ authorisation_expired: false, authorisation_voided: false, platform_fees: 0, platform_adjustment: { amount: 0, currency: 'AUD' } });
    expect(cards.data?.response[0]?.customer_token).toBe(customer_token);
    expect(subscriptions.data?.response[0]?.token).toMatch(/^sub_/);
  });

  it('adds a card with its fields at the top level, as JSON and as a form (POST .../cards, 201)', async () => {
    const json = await client().POST('/customers/{customer_token}/cards', { ...customer, body: card });
    expectNoViolations(json.response);
    expect(json.response.status).toBe(201);
    expect(json.data?.response.primary).toBe(false);
    expectTypeOf(json.data!.ip_address).toEqualTypeOf<string | null | undefined>();
    expect(json.data?.ip_address).toBe('192.0.2.42');
    const form = await client().POST('/customers/{customer_token}/cards', {
      ...customer,
      body: { card_token },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectNoViolations(form.response);
    expect(form.response.status).toBe(201);
  });

  it('deletes a card (204)', async () => {
    const { response } = await client().DELETE('/customers/{customer_token}/cards/{card_token}', { params: { path: { customer_token, card_token } } });
    expectNoViolations(response);
    expect(response.status).toBe(204);
  });

  it('cancels a subscription (DELETE, 200 with the cancelled subscription)', async () => {
    const { data, response } = await client().DELETE('/customers/{customer_token}/subscriptions/{subscription_token}', {
      params: { path: { customer_token, subscription_token } },
    });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(data?.response.cancelled_at).toBeTypeOf('string');
  });

  it('walks the customer list page by page with for await, following pagination.next', async () => {
    const picker = examplePicker((url) => (url.pathname === '/customers' ? (url.searchParams.get('page') === '2' ? 'secondOfTwoPages' : 'firstOfTwoPages') : undefined));
    const pin = createPinPaymentsClient({ secretKey, baseUrl: mockUrl('pin-payments'), fetch: picker.fetch });
    const emails: string[] = [];
    for await (const item of pin.paginate('/customers')) emails.push(item.email);
    expect(emails).toEqual(['customer@example.com', 'another@example.com']);
    expect(picker.responses.map((r) => new URL(r.url).search)).toEqual(['', '?page=2']);
    picker.responses.forEach(expectNoViolations);
    const currents: (number | null | undefined)[] = [];
    for await (const page of pin.paginate('/customers').pages()) currents.push(page.pagination.current);
    expect(currents).toEqual([1, 2]);
  });

  it('paginates the nested lists too', async () => {
    const charges = await client().paginate('/customers/{customer_token}/charges', customer).toArray();
    expectTypeOf(charges).toEqualTypeOf<Charge[]>();
    expect(charges.length).toBeGreaterThan(0);
  });
});

describe('Pin Payments errors', () => {
  it('401 without the secret key, with the unauthenticated body', async () => {
    const noAuth = createPinPaymentsClient({ secretKey, baseUrl: mockUrl('pin-payments'), fetch: fetchWithout('authorization') });
    const { error, response } = await noAuth.GET('/customers');
    expect(response.status).toBe(401);
    expect(violations(response).map((v) => v.code)).toContain(401);
    expectTypeOf(error).toMatchTypeOf<ErrorBody | undefined>();
    expect(error).toMatchObject({ error: 'unauthenticated' });
  });

  it('404 for an unknown customer, as a typed ApiError', async () => {
    const error = (await unwrap(client().GET('/customers/{customer_token}', { ...customer, ...preferStatus(404) })).catch((e: unknown) => e)) as ApiError<ErrorBody>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, method: 'GET', path: `/customers/${customer_token}`, body: { error: 'not_found' } });
  });

  it('400 when deleting the primary card', async () => {
    const { error, response } = await client().DELETE('/customers/{customer_token}/cards/{card_token}', {
      params: { path: { customer_token, card_token } },
      ...preferStatus(400),
    });
    expectNoViolations(response);
    expect(response.status).toBe(400);
    expect(error?.error).toBe('cannot_delete_primary_card');
  });

  it('422 with messages per parameter', async () => {
    const { error, response } = await client().POST('/customers', { body: { email: 'customer@example.com', card }, ...preferStatus(422) });
    expectNoViolations(response);
    expect(response.status).toBe(422);
    const body = error as ValidationErrorBody;
    expect(body.error).toBe('invalid_resource');
    expect(body.messages[0]).toMatchObject({ param: expect.any(String), code: expect.any(String), message: expect.any(String) });
  });

  it('422 from the mock for a body the spec forbids (neither card nor card_token)', async () => {
    const { response } = await client().POST('/customers', { body: { email: 'customer@example.com' } as never });
    expect(response.status).toBe(422);
    expect(violations(response).length).toBeGreaterThan(0);
  });
});

describe('Pin Payments environments', () => {
  it('defaults to the test host, and `live` picks the live host', () => {
    expect(resolveBaseUrl('Pin', definition.servers, {})).toBe('https://test-api.pinpayments.com/1');
    expect(resolveBaseUrl('Pin', definition.servers, { environment: 'test' })).toBe('https://test-api.pinpayments.com/1');
    expect(resolveBaseUrl('Pin', definition.servers, { environment: 'live' })).toBe('https://api.pinpayments.com/1');
    expect(() => createPinPaymentsClient({ secretKey, environment: 'staging' as never })).toThrow(/environment/);
  });

  it('sends requests to the chosen host', async () => {
    const hosts: string[] = [];
    const capture = async (request: Request) => (hosts.push(new URL(request.url).host), new Response('{"response":[],"count":0,"pagination":{}}', { status: 200, headers: { 'content-type': 'application/json' } }));
    await createPinPaymentsClient({ secretKey, environment: 'live', fetch: capture }).GET('/customers');
    await createPinPaymentsClient({ secretKey, fetch: capture }).GET('/customers');
    expect(hosts).toEqual(['api.pinpayments.com', 'test-api.pinpayments.com']);
  });
});
