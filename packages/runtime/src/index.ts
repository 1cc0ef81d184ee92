export {
  createApiClient,
  type ApiClient,
  type ApiDefinition,
  type BaseClientOptions,
  type CallOptions,
  type IdempotentCallOptions,
  type PageOf,
  type PaginateOptions,
  type PaginationMap,
} from './core/client/client.js';
export {
  authHeaders,
  base64,
  checkBrowserUse,
  checkCredentials,
  createAuthentication,
  createAuthenticator,
  credentialsWithEnvironment,
  planAuth,
  type AuthDefinition,
  type Authenticator,
  type AuthPlan,
  type AuthScheme,
  hasAlternatives,
  type SecurityAlternativesModule,
  type CredentialChoiceModule,
  type CredentialRule,
  type Credentials,
  type OAuth2Client,
  type OAuth2Module,
  type OAuth2Scheme,
  type OutgoingRequest,
  type SecurityRequirements,
  type SignerModules,
} from './core/auth/auth.js';
export type { Signer, SignerModule } from './core/auth/signer.js';
export { environmentVariable, isBrowser, runtimeName } from './core/auth/platform.js';
export { checkBaseUrl, resolveBaseUrl, type EnvironmentOptions, type Server } from './core/auth/environment.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  PayspecError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  UserAbortError,
  type ApiErrorInit,
  type ErrorKind,
  type ResponseFacts,
} from './core/errors.js';
export { statusErrors } from './core/status-errors.js';
export { encodeForm } from './form/index.js';
export { uuidV4, withIdempotencyKey, type IdempotencyRule } from './idempotency/index.js';
export { type RequestEvent, type RequestLogger } from './core/logging.js';
export { headerValueProblem, isSecretHeader, REDACTED, redactHeaders, Redactor } from './core/secrets.js';
export type { OperationParameters, ParameterStyle, PathStyle, QueryStyle } from './core/client/parameters.js';
export { Paginator, readPath, type PaginationRule, type PaginatorOptions } from './pagination/index.js';
export { createApiErrorGuard, errorOf, requestIdOf, unwrap, withResponse, type ApiErrorGuard, type FetchResult, type WithResponse } from './core/client/result.js';
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
  ProviderErrorBody,
  ServerError,
  ServerErrorClass,
  StatusErrorClass,
  StatusErrorClasses,
  TypedMethod,
} from './core/client/operation-types.js';
export type { ResponseShape, ResponseShapes } from './core/transport/response-shapes.js';
export { backoffDelay, retryAfterDelay } from './core/transport/retry.js';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  MAX_RESPONSE_BYTES,
  MAX_TIMEOUT_MS,
  type RequestSettings,
  type ResponseCheck,
} from './core/settings.js';
export { MAX_REDIRECTS } from './core/transport/redirects.js';
export type { ParseAs } from './core/transport/response-body.js';
