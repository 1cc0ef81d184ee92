export { createApiClient, type ApiClient, type ApiDefinition, type BaseClientOptions } from './client.js';
export { authHeaders, base64, checkCredentials, type AuthScheme, type CredentialRule, type Credentials } from './auth.js';
export { resolveBaseUrl, type EnvironmentOptions, type Server } from './environment.js';
export { ApiError, ConfigurationError, PayspecError, requestIdOf, type ApiErrorInit } from './errors.js';
export { errorOf, unwrap, type FetchResult } from './result.js';
