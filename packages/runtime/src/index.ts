export {
  createApiClient,
  type ApiClient,
  type ApiDefinition,
  type BaseClientOptions,
  type CallOptions,
  type PageOf,
  type PaginateOptions,
  type PaginationMap,
} from './client.js';
export {
  authHeaders,
  base64,
  checkCredentials,
  createAuthenticator,
  type Authenticator,
  type AuthScheme,
  type CredentialRule,
  type Credentials,
  type OutgoingRequest,
} from './auth.js';
export { checkBaseUrl, resolveBaseUrl, type EnvironmentOptions, type Server } from './environment.js';
export {
  ApiError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  PayspecError,
  requestIdOf,
  TimeoutError,
  UserAbortError,
  type ApiErrorInit,
  type ErrorKind,
} from './errors.js';
export { encodeForm } from './form.js';
export { type RequestEvent, type RequestLogger } from './logging.js';
export { headerValueProblem, isSecretHeader, REDACTED, redactHeaders, Redactor } from './secrets.js';
export { Paginator, readPath, type PaginationRule, type PaginatorOptions } from './pagination.js';
export { createApiErrorGuard, errorOf, unwrap, type ApiErrorGuard, type FetchResult } from './result.js';
export type {
  ApiErrorOf,
  CallInit,
  CallResult,
  DataOf,
  ErrorStatus,
  ErrorVariants,
  OperationFor,
  OperationKey,
  OperationOf,
  TypedMethod,
} from './operation-types.js';
export type { ResponseShape, ResponseShapes } from './response-shapes.js';
export { backoffDelay, retryAfterDelay } from './retry.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RESPONSE_BYTES,
  MAX_TIMEOUT_MS,
  type RequestSettings,
} from './settings.js';
export { MAX_REDIRECTS } from './redirects.js';
export type { ParseAs } from './response-body.js';
