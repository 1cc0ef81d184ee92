// @ts-check
/**
 * The run's shared mocks, served by one process of their own (forked by services.ts): the broker's
 * process compiles and builds, and a mock answering from there would stall behind a build (a
 * client's timeout, then a retry nobody asked for). Messages: `{ id, spec, options }` in,
 * `{ id, url }` or `{ id, error }` out. Exits with its parent, however that one ends.
 */
import '../../packages/mock/src/exit-with-parent.mjs';
import { serve } from '../../packages/mock/src/server/start.mjs';

const send = (/** @type {object} */ message) => process.send?.(message);

process.on('message', (/** @type {{ id: number; spec: string; options?: object }} */ message) => {
  serve(message.spec, message.options).then(
    (mock) => send({ id: message.id, url: mock.url }),
    (error) => send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
