// @ts-check
/**
 * Prism's HTTP engine (@stoplight/prism-http), loaded in this process: routing, request
 * validation, security, `Prefer` negotiation and response validation are Prism's own. The mocker
 * is Prism's too, wrapped so that the stateful layer can answer instead (see ../state/).
 *
 * Loading Prism is most of a mock's start-up, so two of its dependencies are loaded on first use
 * instead of at start: the fake-data generator (used by `Prefer: dynamic=true` only) and the
 * Postman transformer (payspec serves OpenAPI documents only). Prism's deepObject decoder is fixed
 * in the copy loaded here (deep-object.mjs).
 */
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fixDeepObject } from '../deep-object.mjs';

const require = createRequire(import.meta.url);

/**
 * Modules Prism requires at start but needs only later: the example and fake-data generator (an
 * answer the spec gives no example for), the fake-data library (`Prefer: dynamic=true` only), the proxy's HTTP client and agents (payspec never proxies) and the Postman reader (payspec
 * serves OpenAPI documents). Each with the properties that are handed on at start, which must
 * stay lazy themselves (json-schema-faker keeps `faker`; Prism's defaults keep the forwarder).
 * @type {[RegExp, string[]][]}
 */
const ON_FIRST_USE = [
  [/^@faker-js\/faker$/, ['faker']],
  [/^@stoplight\/http-spec\/postman\/operation$/, []],
  [/(^\.\/|\/generator\/)JSONSchema$/, []],
  [/^\.\/forwarder$/, ['default']],
  [/^(node-fetch|http-proxy-agent|https-proxy-agent)$/, ['default']],
];

/**
 * A module object that loads the real module when a property is first read (or, for the
 * `handedOn` properties, when one of theirs is read or it is called).
 * @param {() => any} load
 * @param {string[]} [handedOn]
 * @returns {any}
 */
function loadedOnFirstUse(load, handedOn = []) {
  /** @type {any} */
  let real;
  const target = () => (real ??= load());
  // A function as the proxy's target, so that a handed-on function can be called before it is loaded.
  const shell = function () {};
  return new Proxy(shell, {
    get: (_, key) => (typeof key === 'string' && handedOn.includes(key) ? loadedOnFirstUse(() => target()[key]) : target()[key]),
    has: (_, key) => key in target(),
    apply: (_, self, args) => Reflect.apply(target(), self, args),
    construct: (_, args) => Reflect.construct(target(), args),
    ownKeys: () => [...new Set([...Reflect.ownKeys(target()), 'prototype'])],
    getOwnPropertyDescriptor: (_, key) => {
      // The shell's own `prototype` cannot be hidden (a proxy may not deny its target's fixed properties).
      if (key === 'prototype') return Reflect.getOwnPropertyDescriptor(shell, key);
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * @typedef {object} PrismHttp
 * @property {(spec: object) => Promise<any[]>} getHttpOperationsFromSpec
 * @property {(config: object, components: object) => { request: (input: any, operations: any[], config?: object) => () => Promise<any> }} createInstance
 * @property {(input: any) => { _tag: 'Left' | 'Right'; left?: any; right?: any }} configFromRequest `Prefer` (and `__code`...) as Prism's server reads it
 * @property {(payload: unknown, contentType: unknown) => string | undefined} serialize
 * @property {{ toProblemJson: (error: any) => object; fromTemplate: (template: any, detail: string, extra?: object) => any }} ProblemJsonError
 * @property {any} mock Prism's own mocker
 */

/** @type {PrismHttp | undefined} */
let loaded;

/** Prism's HTTP engine, loaded once per process. @returns {PrismHttp} */
export function prismHttp() {
  if (loaded) return loaded;
  const moduleLoader = /** @type {any} */ (Module);
  const load = moduleLoader._load;
  const stoplight = `${path.sep}@stoplight${path.sep}`;
  moduleLoader._load = function (/** @type {string} */ request, /** @type {any} */ parent, /** @type {boolean} */ isMain) {
    const handedOn = parent?.filename?.includes(stoplight) ? ON_FIRST_USE.find(([pattern]) => pattern.test(request))?.[1] : undefined;
    if (handedOn) return loadedOnFirstUse(() => load.call(this, request, parent, isMain), handedOn);
    return load.call(this, request, parent, isMain);
  };
  try {
    const http = /** @type {any} */ (require('@stoplight/prism-http'));
    const deserializers = /** @type {any} */ (require('@stoplight/prism-http/dist/validator/deserializers'));
    for (const table of [deserializers.body, deserializers.query]) {
      const original = table?.deepObject;
      // A Prism whose decoders moved must not run unfixed.
      if (!table || typeof original !== 'function') throw new Error('payspec-mock: this Prism has no deepObject decoder where payspec expects it');
      if (!('payspecFixed' in original)) table.deepObject = fixDeepObject(original);
    }
    const { getHttpConfigFromRequest } = /** @type {any} */ (require('@stoplight/prism-http-server/dist/getHttpConfigFromRequest'));
    const { serialize } = /** @type {any} */ (require('@stoplight/prism-http-server/dist/serialize'));
    const mock = require('@stoplight/prism-http/dist/mocker').default;
    /** @type {PrismHttp} */
    const engine = { getHttpOperationsFromSpec: http.getHttpOperationsFromSpec, createInstance: http.createInstance, configFromRequest: getHttpConfigFromRequest, serialize, ProblemJsonError: http.ProblemJsonError, mock };
    loaded = engine;
    return engine;
  } finally {
    moduleLoader._load = load;
  }
}

/** A logger that drops everything: the server reports what matters itself. */
export const silentLogger = /** @type {any} */ (
  new Proxy(
    {},
    {
      get: (_, key) => (key === 'child' ? () => silentLogger : () => undefined),
    },
  )
);

/**
 * A copy of the document for Prism, with OpenAPI's default `explode` written out on query and
 * cookie parameters that leave it implicit: Prism's validator reads a missing `explode` as false, so
 * `?color=blue&color=black` (form, explode by default) would reach it as one value.
 * @param {Record<string, any>} document
 * @returns {Record<string, any>}
 */
export function forPrism(document) {
  const copy = structuredClone(document);
  /** @param {any} parameter */
  const complete = (parameter) => {
    if (parameter && typeof parameter === 'object' && (parameter.in === 'query' || parameter.in === 'cookie') && parameter.explode === undefined) parameter.explode = (parameter.style ?? 'form') === 'form';
  };
  for (const parameter of Object.values(copy.components?.parameters ?? {})) complete(parameter);
  for (const item of Object.values(copy.paths ?? {})) {
    for (const parameter of /** @type {any} */ (item)?.parameters ?? []) complete(parameter);
    for (const operation of Object.values(/** @type {any} */ (item) ?? {})) for (const parameter of /** @type {any} */ (operation)?.parameters ?? []) complete(parameter);
  }
  return copy;
}
