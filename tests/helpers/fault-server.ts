import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server does with one request. */
export interface Fault {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. Omitted: no body. */
  body?: unknown;
  /** Waits this long before sending the status line. */
  delayMs?: number;
  /** Sends the headers at once and the body after this long. */
  bodyDelayMs?: number;
  /** Destroys the connection without answering. */
  reset?: boolean;
  /** Streams this many bytes of `x` (chunked, no length), stopping early when the client goes away. */
  streamBytes?: number;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  at: number;
}

export interface FaultServer {
  url: string;
  received: ReceivedRequest[];
  /** Bytes of `streamBytes` bodies actually written before the client stopped reading. */
  streamed: () => number;
  close(): Promise<void>;
}

/**
 * A local HTTP server on 127.0.0.1 that answers the n-th request with the n-th fault (the last
 * one repeats). Bounded: it refuses more than `maxRequests` requests and every delay is capped,
 * so a broken client cannot hang a test run.
 */
export async function startFaultServer(faults: Fault[] | ((n: number, request: ReceivedRequest) => Fault), maxRequests = 20): Promise<FaultServer> {
  const received: ReceivedRequest[] = [];
  let streamed = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, Math.min(ms, 10_000));
    timers.add(timer);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      received.push(request);
      if (received.length > maxRequests) {
        res.writeHead(599).end('fault server: too many requests');
        return;
      }
      const n = received.length - 1;
      const fault = typeof faults === 'function' ? faults(n, request) : (faults[Math.min(n, faults.length - 1)] ?? {});
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      const body = fault.body === undefined ? '' : typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
      const contentType = fault.body === undefined || typeof fault.body === 'string' ? {} : { 'content-type': 'application/json' };
      later(fault.delayMs ?? 0, () => {
        if (fault.streamBytes !== undefined) {
          res.writeHead(fault.status ?? 200, { 'content-type': 'application/json', ...fault.headers });
          const chunk = Buffer.alloc(64 * 1024, 'x');
          let left = fault.streamBytes;
          const pump = () => {
            while (left > 0 && !res.destroyed) {
              const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
              left -= piece.length;
              streamed += piece.length;
              if (!res.write(piece)) return void res.once('drain', pump);
            }
            if (!res.destroyed) res.end();
          };
          return pump();
        }
        res.writeHead(fault.status ?? 200, { ...contentType, ...fault.headers });
        if (fault.bodyDelayMs) {
          res.flushHeaders();
          later(fault.bodyDelayMs, () => res.end(body));
        } else res.end(body);
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    streamed: () => streamed,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
