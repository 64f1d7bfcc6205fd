import { httpRequest } from '../../http/index.js';

/** A channel's server answered, but not with success: logged, never retried within the run. */
export class NotifyDeliveryError extends Error {
  override name = 'NotifyDeliveryError';
}

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
}

/** POSTs a body and turns any non-2xx answer into an error naming the status, not the URL. */
export async function post(
  url: string,
  body: string,
  contentType: string,
  options: PostOptions,
): Promise<void> {
  const response = await httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...options.headers },
    body,
    timeoutMs: options.timeoutMs,
  });
  // Read the body even when unused, so the connection is released.
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new NotifyDeliveryError(
      `answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
    );
  }
}

export function postJson(url: string, payload: unknown, options: PostOptions): Promise<void> {
  return post(url, JSON.stringify(payload), 'application/json', options);
}
