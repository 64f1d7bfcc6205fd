export { type HttpRequestInit, HttpUnavailableError, httpRequest } from './request.js';
