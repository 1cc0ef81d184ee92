import { afterEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../helpers/fault-server.js';
import { acmeClient, thing } from './fixtures.js';

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const card = { number: '4200000000000000', expiry_month: 12, cvc: undefined, primary: true };

describe('request bodies', () => {
  it('are JSON by default', async () => {
    server = await startFaultServer([{ body: { id: 't1' } }]);
    await acmeClient(server.url).PUT('/things/{id}', { ...thing, body: { card } });
    expect(server.received[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(server.received[0]!.body.toString())).toEqual({ card: { number: '4200000000000000', expiry_month: 12, primary: true } });
  });

  it("use the operation's media type from the spec, bracket-encoded when it is a form", async () => {
    server = await startFaultServer([{ body: { id: 't1' } }]);
    const client = acmeClient(server.url, {}, { requestMediaTypes: { 'PUT /things/{id}': 'application/x-www-form-urlencoded' } });
    await client.PUT('/things/{id}', { ...thing, body: { email: 'a+b@example.com', card, tags: ['x', 'y'] } });
    const received = server.received[0]!;
    expect(received.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(received.body.toString())]).toEqual([
      ['email', 'a+b@example.com'],
      ['card[number]', '4200000000000000'],
      ['card[expiry_month]', '12'],
      ['card[primary]', 'true'],
      ['tags[]', 'x'],
      ['tags[]', 'y'],
    ]);
  });

  it('follow a content type chosen for one call', async () => {
    server = await startFaultServer([{ body: { id: 't1' } }, { body: { id: 't1' } }]);
    await acmeClient(server.url).PUT('/things/{id}', { ...thing, body: { card }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(server.received[0]!.body.toString()).toBe('card%5Bnumber%5D=4200000000000000&card%5Bexpiry_month%5D=12&card%5Bprimary%5D=true');
    const client = acmeClient(server.url, {}, { requestMediaTypes: { 'PUT /things/{id}': 'application/x-www-form-urlencoded' } });
    await client.PUT('/things/{id}', { ...thing, body: { card }, headers: { 'content-type': 'application/json' } });
    expect(server.received[1]!.headers['content-type']).toBe('application/json');
  });
});

describe('a fetch given for one call', () => {
  it('is used for that call, with authentication and retries still applied', async () => {
    server = await startFaultServer([{ status: 503 }, { body: { id: 't1' } }]);
    const seen: string[] = [];
    const { response } = await acmeClient(server.url).GET('/things/{id}', {
      ...thing,
      fetch: (request: Request) => (seen.push(request.headers.get('authorization') ?? ''), fetch(request)),
    });
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatch(/^Bearer /);
  });
});
