export * from './application-error';
export * from './auth';
export * from './problem-details';
export { createValidationPipe, flattenValidationErrors, IsCalendarDate, IsTimeOfDay, Present, RequestValidationError, uuidParam } from './validation';
export { GlobalExceptionFilter } from './global-exception.filter';
export { genRequestId, requestIdOf } from './request-id';
export { RateLimiter, TooManyRequestsError } from './rate-limiter';
