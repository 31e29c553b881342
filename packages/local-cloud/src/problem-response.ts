/*
 * RFC 9457 problem details for errors the gateway itself produces (unknown
 * route, 401, 413, handler crash), matching the format our handlers use.
 */

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** A problem+json response body and headers. */
export function problem(
  status: number,
  detail: string,
  instance?: string,
): { statusCode: number; headers: Record<string, string>; body: Buffer } {
  const body = {
    type: 'about:blank',
    title: titles[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
  };
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: Buffer.from(JSON.stringify(body)),
  };
}
