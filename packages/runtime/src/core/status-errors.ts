import { AuthenticationError, BadRequestError, ConflictError, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, UnprocessableEntityError } from './errors.js';
import type { StatusErrorClasses } from './client/operation-types.js';

/**
 * The status classes, typed with a provider's error bodies: what a generated package exports
 * (`export const { NotFoundError, ... } = statusErrors<paths>()`). The classes are the runtime's
 * own, so `instanceof` works across packages.
 */
export function statusErrors<Paths>(): StatusErrorClasses<Paths> {
  return {
    BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError, InternalServerError,
  } as unknown as StatusErrorClasses<Paths>;
}
