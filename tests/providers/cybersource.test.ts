import { createHash, createHmac } from 'node:crypto';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  ConfigurationError,
  createCyberSourceClient,
  errorOf,
  isApiError,
  unwrap,
  type AuthenticationErrorResponse,
  type Customer,
  type ErrorResponse,
} from '@payspec/cybersource';
import { startFaultServer } from '../helpers/fault-server.js';
import { generatedSpec } from '../helpers/from-specs/specs.js';
import { expectNoViolations, mockUrl, useMock, preferStatus, recordRequests, violations, type SentRequest } from '../helpers/prism.js';

await useMock('cybersource');

// Obvious placeholders: a made-up merchant, key id and a base64 secret of 32 zero-ish bytes.
const merchantId = 'payspec_test_merchant';
const keyId = '00000000-0000-4000-8000-000000000000';
const sharedSecret = Buffer.from('payspec-placeholder-shared-secret').toString('base64');
const customerId = 'D9F340DD3DB9C276E053A2598D0A41A3';
const profileId = '93B32398-AD51-4CC2-A682-EA3E93614EB1';

/** A client against Prism that keeps a copy of every request as it left the client. */
function recordingClient(options: { authentication?: 'http-signature' | 'jwt' } = {}) {
  const { fetch, sent } = recordRequests();
  const client = createCyberSourceClient({ merchantId, keyId, sharedSecret, baseUrl: mockUrl('cybersource'), ...options, fetch });
  return { client, sent };
}

/** Recomputes the HTTP Signature of a request independently, with node:crypto. */
function expectValidSignature(request: SentRequest): void {
  const hasBody = request.body.length > 0;
  const headersList = hasBody ? 'host date request-target digest v-c-merchant-id' : 'host date request-target v-c-merchant-id';
  if (hasBody) expect(request.headers.get('digest')).toBe(`SHA-256=${createHash('sha256').update(request.body).digest('base64')}`);
  else expect(request.headers.has('digest')).toBe(false);
  const lines = [
    `host: ${request.url.host}`,
    `date: ${request.headers.get('date')}`,
    `request-target: ${request.method.toLowerCase()} ${request.url.pathname}${request.url.search}`,
    ...(hasBody ? [`digest: ${request.headers.get('digest')}`] : []),
    `v-c-merchant-id: ${merchantId}`,
  ];
  const expected = createHmac('sha256', Buffer.from(sharedSecret, 'base64')).update(lines.join('\n')).digest('base64');
  expect(request.headers.get('signature')).toBe(`keyid="${keyId}", algorithm="HmacSHA256", headers="${headersList}", signature="${expected}"`);
  expect(request.headers.get('v-c-merchant-id')).toBe(merchantId);
  expect(Date.now() - Date.parse(request.headers.get('date')!)).toBeLessThan(60_000);
}

describe('CyberSource customers against Prism, with HTTP Signature', () => {
  it('creates a customer (POST, 201 with Location and ETag), signing the exact bytes sent', async () => {
    const { client, sent } = recordingClient();
    const { data, response } = await client.POST('/tms/v2/customers', {
      params: { header: { 'profile-id': profileId } },
      body: { buyerInformation: { merchantCustomerID: 'Your customer identifier', email: 'test@cybs.com' }, clientReferenceInformation: { code: 'TC50171_3' } },
    });
    expectNoViolations(response);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/tms/v2/customers/${customerId}`);
    expect(response.headers.get('etag')).toBeTruthy();
    expectTypeOf(data).toEqualTypeOf<Customer | undefined>();
    expect(data?.id).toBe(customerId);
    expect(sent[0]!.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expectValidSignature(sent[0]!);
  });

  it('retrieves a customer (GET, 200 with ETag), signed without a digest', async () => {
    const { client, sent } = recordingClient();
    const { data, response } = await client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId } } });
    expectNoViolations(response);
    expect(data?.buyerInformation?.email).toBe('test@cybs.com');
    expectValidSignature(sent[0]!);
  });

  it('updates with optimistic concurrency: the ETag of a retrieve goes back as if-match', async () => {
    const { client, sent } = recordingClient();
    const retrieved = await client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId } } });
    const etag = retrieved.response.headers.get('etag')!;
    const { data, response } = await client.PATCH('/tms/v2/customers/{customerId}', {
      params: { path: { customerId }, header: { 'if-match': etag } },
      body: { buyerInformation: { email: 'test.updated@cybs.com' } },
    });
    expectNoViolations(response);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeTruthy();
    expect(data?.buyerInformation?.email).toBe('test.updated@cybs.com');
    expect(sent[1]!.headers.get('if-match')).toBe(etag);
    expectValidSignature(sent[1]!);
  });

  it('deletes a customer (DELETE, 204)', async () => {
    const { client, sent } = recordingClient();
    const { response } = await client.DELETE('/tms/v2/customers/{customerId}', { params: { path: { customerId } } });
    expectNoViolations(response);
    expect(response.status).toBe(204);
    expectValidSignature(sent[0]!);
  });

  it("signs with a JWT instead when `authentication: 'jwt'`", async () => {
    const { client, sent } = recordingClient({ authentication: 'jwt' });
    const { response } = await client.POST('/tms/v2/customers', { body: { buyerInformation: { email: 'test@cybs.com' } } });
    expectNoViolations(response);
    const token = sent[0]!.headers.get('authorization')!.replace(/^Bearer /, '');
    const [header, payload, signature] = token.split('.');
    const expected = createHmac('sha256', Buffer.from(sharedSecret, 'base64')).update(`${header}.${payload}`).digest('base64url');
    expect(signature).toBe(expected);
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.digest).toBe(createHash('sha256').update(sent[0]!.body).digest('base64'));
    expect(sent[0]!.headers.has('signature')).toBe(false);
  });
});

describe('CyberSource errors', () => {
  it('404 for an unknown customer, typed', async () => {
    const { client } = recordingClient();
    const error = (await unwrap(client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId } }, ...preferStatus(404) })).catch(
      (e: unknown) => e,
    )) as ApiError<ErrorResponse>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.body.errors?.[0]?.type).toBeTypeOf('string');
  });

  it('412 when if-match does not match the current ETag', async () => {
    const { client } = recordingClient();
    const result = await client.PATCH('/tms/v2/customers/{customerId}', {
      params: { path: { customerId }, header: { 'if-match': 'stale-etag' } },
      body: { buyerInformation: { email: 'test@cybs.com' } },
      ...preferStatus(412),
    });
    expectNoViolations(result.response);
    expect(result.response.status).toBe(412);
    // openapi-fetch's `error` is every declared error body; errorOf narrows it by status.
    expectTypeOf(result.error).toEqualTypeOf<ErrorResponse | AuthenticationErrorResponse | undefined>();
    const failure = errorOf(result);
    if (failure?.status !== 412) return expect.unreachable('a 412');
    expectTypeOf(failure.body).toEqualTypeOf<ErrorResponse>();
    expect(failure.body.errors?.[0]?.message).toBeTypeOf('string');
  });

  it('401 when authentication fails: its own body, typed, declared on every operation', async () => {
    const { client } = recordingClient();
    const error = await unwrap(client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId } }, ...preferStatus(401) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    if (!isApiError(error, 'GET /tms/v2/customers/{customerId}') || error.status !== 401) return expect.unreachable('a typed 401');
    expectTypeOf(error.body).toEqualTypeOf<AuthenticationErrorResponse>();
    expectTypeOf(error.body.response.rmsg).toEqualTypeOf<string>();
    expect(error.body).toEqual({ response: { rmsg: 'Authentication Failed' } });
    expect(error.headers.get('sl-violations')).toBeNull();
    const spec = generatedSpec('cybersource') as { paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>> };
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item).filter((op) => op?.operationId));
    expect(operations).toHaveLength(4);
    for (const operation of operations) expect(operation.responses, operation.operationId).toHaveProperty('401');
  });

  it('401 as CyberSource sends it for a bad signature: a typed ApiError, not retried', async () => {
    const server = await startFaultServer([{ status: 401, headers: { 'content-type': 'application/json' }, body: { response: { rmsg: 'Authentication Failed' } } }]);
    try {
      const client = createCyberSourceClient({ merchantId, keyId, sharedSecret, baseUrl: server.url });
      const result = await client.DELETE('/tms/v2/customers/{customerId}', { params: { path: { customerId } } });
      const failure = errorOf(result);
      if (failure?.status !== 401) return expect.unreachable('a 401');
      expectTypeOf(failure.body).toEqualTypeOf<AuthenticationErrorResponse>();
      expect(failure.body.response.rmsg).toBe('Authentication Failed');
      expect(failure.method).toBe('DELETE');
      expect(server.received).toHaveLength(1);
      // The signature that was refused is not in the error.
      expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain(server.received[0]!.headers.signature as string);
    } finally {
      await server.close();
    }
  });

  it('a profile-id of the wrong length is a violation', async () => {
    const { client } = recordingClient();
    const { response } = await client.GET('/tms/v2/customers/{customerId}', { params: { path: { customerId }, header: { 'profile-id': 'short' } } });
    expect(response.status).toBe(400);
    expect(violations(response).length).toBeGreaterThan(0);
  });

  it('refuses a shared secret that is not base64, without echoing it', () => {
    const secret = 'not base64 at all!';
    const attempt = () => createCyberSourceClient({ merchantId, keyId, sharedSecret: secret });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/sharedSecret/);
    try {
      attempt();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it('refuses an unknown authentication style', () => {
    expect(() => createCyberSourceClient({ merchantId, keyId, sharedSecret, authentication: 'oauth' as never })).toThrow(/authentication/);
  });
});
