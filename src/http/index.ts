export { createHostLimiter, type HostLimiter, parseRetryAfter } from './limits.js';
export { type HttpRequestInit, HttpUnavailableError, httpRequest } from './request.js';
