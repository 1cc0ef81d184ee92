/**
 * Type-level promises of the generated clients, checked by `tsc --strict` when `pnpm test` type-checks
 * the project: each `@ts-expect-error` must be needed (an unneeded one is an error), and each
 * `expectTypeOf` must hold. The functions are never called: they only have to compile.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ErrorStatus } from '@payspec/runtime';
import type { CyberSourceClient, Customer as CybsCustomer, ErrorResponse as CybsServerErrorBody } from '@payspec/cybersource';
import { errorOf as cybsErrorOf, InternalServerError as CybsInternalServerError } from '@payspec/cybersource';
import type { PinPaymentsClient, Customer as PinCustomer, ValidationErrorBody } from '@payspec/pin-payments';
import { isApiError as isPinError } from '@payspec/pin-payments';
import type { PingppClient, Customer as PingppCustomer } from '@payspec/pingpp';
import { unwrap as pingppUnwrap } from '@payspec/pingpp';
import type { ReporteiClient } from '@payspec/reportei';
import { errorOf as reporteiErrorOf, InternalServerError as ReporteiInternalServerError } from '@payspec/reportei';
import type { ConflictErrorBody, Customer, ErrorBody, StancerClient } from '@payspec/stancer';
import { errorOf, isApiError, unwrap } from '@payspec/stancer';

/** Every 5xx status an error can have. */
type ServerErrorStatus = ErrorStatus extends infer S ? (S extends number ? (`${S}` extends `5${string}` ? S : never) : never) : never;

const id = 'cust_9Cle7TXKkjhwqcWx4Kl5cQYk';
const params = { params: { path: { id } } };

/** Request bodies keep the spec's rules. */
export function requestRules(stancer: StancerClient, pin: PinPaymentsClient, reportei: ReporteiClient, pingpp: PingppClient, cybs: CyberSourceClient) {
  void cybs.POST('/tms/v2/customers', { body: { buyerInformation: { email: 'test@cybs.com' } } });
  // @ts-expect-error: `_links` is read-only (OAS: not sent in a request; the API would ignore it silently)
  void cybs.POST('/tms/v2/customers', { body: { buyerInformation: { email: 'test@cybs.com' }, _links: { self: { href: '/x' } } } });
  // @ts-expect-error: so is `metadata`, on an update too
  void cybs.PATCH('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } }, body: { metadata: { creator: 'me' } } });

  void stancer.POST('/customers', { body: { email: 'david@example.net' } });
  void stancer.POST('/customers', { body: { mobile: '+33639980102', name: 'David' } });
  // @ts-expect-error: email is a string
  void stancer.POST('/customers', { body: { email: 123 } });
  // @ts-expect-error: a customer needs an email or a mobile (anyOf of required lists)
  void stancer.POST('/customers', { body: { name: 'David' } });
  // @ts-expect-error: CustomerCreate is closed (additionalProperties: false)
  void stancer.POST('/customers', { body: { email: 'david@example.net', nickname: 'D' } });
  // @ts-expect-error: an update changes at least one field (minProperties: 1)
  void stancer.PATCH('/customers/{id}', { ...params, body: {} });
  // @ts-expect-error: Stancer declares no idempotency key, so a call offers none (the run time would refuse it)
  void stancer.POST('/customers', { body: { email: 'david@example.net' }, idempotencyKey: 'k-1' });
  // @ts-expect-error: nor does Pin Payments
  void pin.POST('/customers', { body: { email: 'roland@pinpayments.com', card_token: 'card_x' }, idempotencyKey: 'k-1' });

  void pin.POST('/customers', { body: { email: 'roland@pinpayments.com', card_token: 'card_pDUQgXJsmTfhFhBqkOl1Zw' } });
  // @ts-expect-error: a Pin customer needs a card or a card_token (oneOf of required lists)
  void pin.POST('/customers', { body: { email: 'roland@pinpayments.com' } });
  // @ts-expect-error: ... and not both (oneOf is exclusive)
  void pin.POST('/customers', { body: { email: 'roland@pinpayments.com', card_token: 'card_x', card: { number: '4200000000000000' } } });

  void reportei.POST('/customers', { body: { name: 'Acme' } });
  // @ts-expect-error: name is required
  void reportei.POST('/customers', { body: {} });

  void pingpp.POST('/customers', { body: { app: 'app_1Gqj58ynP0mHeX1q', source: 'tok_1', sms_code: { id: 'sms_1', code: '123456' }, metadata: { anything: 'goes' } } });
  // @ts-expect-error: source is required
  void pingpp.POST('/customers', { body: { app: 'app_1Gqj58ynP0mHeX1q', sms_code: { id: 'sms_1', code: '123456' } } });
}

/** The throwing style returns the success body without `undefined`; a 204 returns undefined. */
export async function honestResults(stancer: StancerClient, pin: PinPaymentsClient, pingpp: PingppClient) {
  const customer = await unwrap(stancer.GET('/customers/{id}', params));
  expectTypeOf(customer).toEqualTypeOf<Customer>();
  expectTypeOf(customer.id).toBeString();
  expectTypeOf(await unwrap(stancer.DELETE('/customers/{id}', params))).toEqualTypeOf<undefined>();
  expectTypeOf(await pingppUnwrap(pingpp.GET('/customers/{id}', { params: { path: { id: 'cus_1' } } }))).toEqualTypeOf<PingppCustomer>();
  for await (const page of pin.paginate('/customers').pages()) {
    expectTypeOf(page.response[0]).toEqualTypeOf<PinCustomer | undefined>();
    // @ts-expect-error: a page is never undefined
    expectTypeOf(page).toEqualTypeOf<undefined>();
  }
  for await (const item of pin.paginate('/customers')) expectTypeOf(item).toEqualTypeOf<PinCustomer>();
}

/** Errors are narrowed by status; an undeclared status has a body typed unknown. */
export async function narrowedErrors(stancer: StancerClient, pin: PinPaymentsClient, reportei: ReporteiClient, cybs: CyberSourceClient) {
  const error = errorOf(await stancer.POST('/customers', { body: { email: 'david@example.net' } }));
  if (error?.status === 409) expectTypeOf(error.body).toEqualTypeOf<ConflictErrorBody>();
  if (error?.status === 401) expectTypeOf(error.body).toEqualTypeOf<ErrorBody>();
  if (error?.status === 503) expectTypeOf(error.body).toBeUnknown();
  // @ts-expect-error: the body of a status the spec does not declare is unknown, not an ErrorBody
  if (error?.status === 502) void error.body.error.message;

  try {
    await unwrap(pin.POST('/customers', { body: { email: 'roland@pinpayments.com', card_token: 'card_x' } }));
  } catch (e) {
    if (isPinError(e, 'POST /customers') && e.status === 422) expectTypeOf(e.body).toEqualTypeOf<ValidationErrorBody>();
    if (isPinError(e, 'POST /customers') && e.status === 502) expectTypeOf(e.body).toBeUnknown();
    // @ts-expect-error: an operation the spec does not have
    isPinError(e, 'PATCH /customers');
  }
  try {
    await unwrap(stancer.GET('/customers/{id}', params));
  } catch (e) {
    if (isApiError(e, 'GET /customers/{id}') && e.status === 404) expectTypeOf(e.body.error.message).toEqualTypeOf<string | { [key: string]: unknown }>();
  }
  // A 5xx the spec does not declare (a proxy's 502) is not typed with the declared 500 body.
  try {
    await unwrap(cybs.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }) as never);
  } catch (e) {
    if (e instanceof CybsInternalServerError) {
      expectTypeOf(e.status).toEqualTypeOf<ServerErrorStatus>();
      if (e.status === 500) expectTypeOf(e.body).toEqualTypeOf<CybsServerErrorBody>();
      if (e.status === 502) expectTypeOf(e.body).toBeUnknown();
      // @ts-expect-error: without a status check the body may be a proxy's, not the declared 500 body
      void e.body.errors;
    }
    if (e instanceof ReporteiInternalServerError && e.status === 503) expectTypeOf(e.body).toBeUnknown();
  }
  const reporteiError = reporteiErrorOf(await reportei.GET('/customers'));
  if (reporteiError?.status === 500) expectTypeOf(reporteiError.status).toEqualTypeOf<500>();
  const cybsError = cybsErrorOf(await cybs.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }));
  if (cybsError) expectTypeOf(cybsError.status).toBeNumber();
  const customer = await unwrap(cybs.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId: 'D9F340DD3DB9C276E053A2598D0A41A3' } } }));
  expectTypeOf(customer).toEqualTypeOf<CybsCustomer>();
}

describe('type-level rules', () => {
  it('are checked by the type-check of `pnpm test` (these functions only have to compile)', () => {
    expect([requestRules, honestResults, narrowedErrors].every((f) => typeof f === 'function')).toBe(true);
  });
});
