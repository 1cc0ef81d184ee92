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
} from './client.js';
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
  type CredentialChoiceModule,
  type CredentialRule,
  type Credentials,
  type OAuth2Client,
  type OAuth2Module,
  type OAuth2Scheme,
  type OutgoingRequest,
  type SecurityRequirements,
  type SignerModules,
} from './auth.js';
export type { Signer, SignerModule } from './signing/signer.js';
export { environmentVariable, isBrowser, runtimeName } from './platform.js';
export { checkBaseUrl, resolveBaseUrl, type EnvironmentOptions, type Server } from './environment.js';
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
} from './errors.js';
export { statusErrors } from './status-errors.js';
export { encodeForm } from './form.js';
export { uuidV4, withIdempotencyKey, type IdempotencyRule } from './idempotency.js';
export { type RequestEvent, type RequestLogger } from './logging.js';
export { headerValueProblem, isSecretHeader, REDACTED, redactHeaders, Redactor } from './secrets.js';
export type { OperationParameters, ParameterStyle, PathStyle, QueryStyle } from './parameters.js';
export { Paginator, readPath, type PaginationRule, type PaginatorOptions } from './pagination.js';
export { createApiErrorGuard, errorOf, requestIdOf, unwrap, withResponse, type ApiErrorGuard, type FetchResult, type WithResponse } from './result.js';
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
  type ResponseCheck,
} from './settings.js';
export { MAX_REDIRECTS } from './redirects.js';
export type { ParseAs } from './response-body.js';
