// @ts-check
/**
 * The mock's HTTP server: each request goes through Prism (routing, security, validation,
 * `Prefer`), its answer is sent with the `sl-violations` header Prism's own server sends, and an
 * answer made from the store that the spec forbids is never sent (500, and a loud log line).
 */
import { createServer } from 'node:http';
import { fromStore } from '../state/respond.mjs';

const MAX_SAFE_HEADER_LENGTH = 8 * 1024 - 100;
/** Prism's own server reads bodies up to 10 MB; a larger one is refused (413) rather than buffered. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
class BodyTooLarge extends Error {}
const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'];
/** Prism CLI's own defaults for `prism mock`. */
const CONFIG = { checkSecurity: true, validateRequest: true, validateResponse: true, errors: false, isProxy: false, mock: { dynamic: false } };

/**
 * @typedef {object} ServerParts
 * @property {import('./prism-engine.mjs').PrismHttp} prism
 * @property {{ request: (input: any, operations: any[], config?: object) => () => Promise<any> }} instance
 * @property {any[]} operations
 * @property {(line: string) => void} log
 */

/** @param {string} prefix */
const violation = (prefix) => (/** @type {any} */ detail) => ({ location: [prefix, ...(detail.path ?? [])], severity: SEVERITY[detail.severity] ?? String(detail.severity), code: detail.code, message: detail.message });

/**
 * @param {import('node:http').IncomingMessage} request
 * @returns {Promise<string | null>}
 */
function readBody(request) {
  return new Promise((resolve, reject) => {
    if (request.headers['content-length'] === '0' || (request.headers['transfer-encoding'] === undefined && request.headers['content-length'] === undefined)) {
      request.resume();
      return resolve(null);
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** @param {string | undefined} type */
const isJson = (type) => {
  const media = (type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^application\/[^/]+\+json$/.test(media);
};

/**
 * @param {import('node:http').ServerResponse} reply
 * @param {number} status
 * @param {object} problem
 * @param {Record<string, string>} [headers]
 */
function sendProblem(reply, status, problem, headers = {}) {
  if (reply.headersSent) return void reply.end();
  reply.writeHead(status, { ...headers, 'content-type': 'application/problem+json' }).end(JSON.stringify(problem));
}

/**
 * @param {import('node:http').IncomingHttpHeaders} incoming
 * @param {import('node:http').ServerResponse} reply
 */
function cors(incoming, reply) {
  reply.setHeader('Access-Control-Allow-Origin', incoming.origin || '*');
  reply.setHeader('Access-Control-Allow-Headers', incoming['access-control-request-headers'] || '*');
  reply.setHeader('Access-Control-Allow-Credentials', 'true');
  reply.setHeader('Access-Control-Expose-Headers', String(incoming['access-control-expose-headers'] || '*'));
}

/**
 * @param {ServerParts} parts
 * @returns {import('node:http').Server}
 */
export function createMockServer({ prism, instance, operations, log }) {
  return createServer(async (request, reply) => {
    cors(request.headers, reply);
    if (request.method === 'OPTIONS' && request.headers.origin && request.headers['access-control-request-method']) {
      reply.setHeader('Access-Control-Allow-Methods', String(request.headers['access-control-request-method']));
      reply.setHeader('Vary', 'origin');
      return void reply.writeHead(204, { 'content-length': '0' }).end();
    }
    try {
      const text = await readBody(request);
      let body = text;
      if (text !== null && isJson(request.headers['content-type'])) {
        try {
          body = JSON.parse(text);
        } catch {
          return sendProblem(reply, 400, { type: 'https://stoplight.io/prism/errors#INVALID_JSON', title: 'Invalid JSON', status: 400, detail: 'The request body is not valid JSON.' });
        }
      }
      const { searchParams, pathname } = new URL(request.url ?? '/', 'http://mock.invalid');
      /** @type {Record<string, string | string[]>} */
      const query = {};
      for (const key of new Set(searchParams.keys())) {
        const values = searchParams.getAll(key);
        query[key] = values.length === 1 ? /** @type {string} */ (values[0]) : values;
      }
      const input = { method: (request.method ?? 'get').toLowerCase(), url: { path: pathname, baseUrl: searchParams.get('__server') || undefined, query }, headers: request.headers, body };
      const preferences = prism.configFromRequest(input);
      if (preferences._tag === 'Left') return sendProblem(reply, preferences.left.status ?? 422, prism.ProblemJsonError.toProblemJson(preferences.left));
      const result = await instance.request(input, operations, { ...CONFIG, mock: { ...CONFIG.mock, ...Object.fromEntries(Object.entries(preferences.right).filter(([, value]) => value !== undefined)) } })();
      if (result._tag === 'Left') {
        const error = result.left;
        log(`${input.method.toUpperCase()} ${pathname} → ${error.status ?? 500}`);
        return sendProblem(reply, error.status || 500, prism.ProblemJsonError.toProblemJson(error), error.additional?.headers);
      }
      const { output, validations } = result.right;
      const found = [...validations.input.map(violation('request')), ...validations.output.map(violation('response'))];
      const forbidden = fromStore.has(output) ? validations.output.filter((/** @type {any} */ detail) => detail.severity === 0) : [];
      if (forbidden.length) {
        // The stateful layer made an answer the spec forbids: a bug to fix, never a body to send.
        const lines = forbidden.map((/** @type {any} */ detail) => `${(detail.path ?? []).join('.')} ${detail.message}`);
        log(`payspec-mock: the answer to ${input.method.toUpperCase()} ${pathname} made from the mock's state does not match the spec: ${lines.join('; ')}`);
        return sendProblem(reply, 500, { type: 'https://payspec.dev/mock/errors#RESPONSE_NOT_IN_SPEC', title: 'The mock made an answer the spec forbids', status: 500, detail: lines.join('; ') });
      }
      if (found.length) {
        let value = JSON.stringify(found);
        if (value.length > MAX_SAFE_HEADER_LENGTH) value = `Too many violations! ${value.substring(0, MAX_SAFE_HEADER_LENGTH)}`;
        reply.setHeader('sl-violations', value);
      }
      for (const [name, value] of Object.entries(output.headers ?? {})) reply.setHeader(name, /** @type {string} */ (value));
      const payload = prism.serialize(output.body, reply.getHeader('content-type'));
      log(`${input.method.toUpperCase()} ${pathname} → ${output.statusCode}`);
      reply.writeHead(output.statusCode).end(payload);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendProblem(reply, 413, { type: 'https://payspec.dev/mock/errors#BODY_TOO_LARGE', title: 'The request body is over 10 MB', status: 413 }, { connection: 'close' });
      // The path only: a query may carry an API key.
      log(`payspec-mock: ${request.method} ${(request.url ?? '').split('?')[0]}: ${error instanceof Error ? error.message : String(error)}`);
      sendProblem(reply, 500, { type: 'https://payspec.dev/mock/errors#INTERNAL', title: 'The mock failed', status: 500 });
    }
  });
}
