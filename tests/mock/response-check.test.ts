/**
 * The stateful mock never sends what the spec forbids: an answer made from the state is checked
 * against the response schema first, and one that does not match is a 500 and a log line, never
 * a body a client would take for the API's. The spec here is made to allow it: the request may
 * send a status the response may not show.
 */
import { describe, expect, it } from 'vitest';
import { serve } from '../../packages/mock/src/server/start.mjs';

const thing = (statuses: string[]) => ({ type: 'object', required: ['id', 'status'], properties: { id: { type: 'string', readOnly: true }, status: { type: 'string', enum: statuses } } });
const spec = {
  openapi: '3.1.0',
  info: { title: 'Things', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string', enum: ['new', 'old', 'forbidden'] } } } } } },
        responses: { '201': { description: 'Made.', content: { 'application/json': { schema: thing(['new', 'old']), example: { id: 'thg_0123456789abcdef', status: 'new' } } } } },
      },
    },
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'One.', content: { 'application/json': { schema: thing(['new', 'old']), example: { id: 'thg_0123456789abcdef', status: 'new' } } } } },
      },
    },
  },
  'x-payspec-resources': { things: { item: '/things/{id}' } },
};

describe('answers made from the state are checked against the spec', () => {
  it('sends a valid one, and refuses (500, logged) one the spec forbids', async () => {
    const lines: string[] = [];
    const mock = await serve(spec, { log: (line) => lines.push(line) });
    try {
      const post = (status: string) => fetch(`${mock.url}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
      const fine = await post('old');
      expect(fine.status).toBe(201);
      expect(fine.headers.get('sl-violations')).toBeNull();
      expect(((await fine.json()) as { id: string; status: string }).status).toBe('old');

      const refused = await post('forbidden');
      expect(refused.status).toBe(500);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await refused.json()) as { type: string; detail: string };
      expect(problem.type).toMatch(/RESPONSE_NOT_IN_SPEC$/);
      expect(problem.detail).toMatch(/status/);
      expect(lines.some((line) => /made from the mock's state does not match the spec/.test(line))).toBe(true);
    } finally {
      await mock.stop();
    }
  });
});
