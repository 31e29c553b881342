// Entry point of the fauxqs child process (plain JavaScript: it runs under bare
// Node, without tsx). It starts fauxqs through its programmatic API, because the
// fauxqs CLI ignores FAUXQS_DATA_DIR, and adapts two things fauxqs hard-codes:
//  - it listens on 0.0.0.0; we bind 127.0.0.1 so the emulator is not on the LAN;
//  - its S3 has no CORS; we answer preflights and add CORS headers so the portal
//    (another origin: the gateway's port) can upload with presigned URLs, as it
//    does against a CORS-configured bucket on AWS.
// Both are done by wrapping node:http's createServer, which fastify calls.
import http from 'node:http';

const settings = JSON.parse(process.env.CITYDESK_FAUXQS_SETTINGS ?? '{}');
const appModule = process.env.CITYDESK_FAUXQS_MODULE;
if (!appModule) throw new Error('CITYDESK_FAUXQS_MODULE is not set');

function withCors(handler) {
  return (request, response) => {
    const origin = request.headers.origin;
    if (origin) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'Origin');
      response.setHeader(
        'access-control-expose-headers',
        'ETag, Location, x-amz-request-id, x-amz-version-id',
      );
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        response.writeHead(204, {
          'access-control-allow-methods': 'GET, HEAD, PUT, POST, DELETE',
          'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
          'access-control-max-age': '600',
        });
        response.end();
        return;
      }
    }
    handler(request, response);
  };
}

const createServer = http.createServer;
http.createServer = (...args) => {
  const handlerIndex = args.findIndex((a) => typeof a === 'function');
  if (handlerIndex >= 0) args[handlerIndex] = withCors(args[handlerIndex]);
  const server = createServer.apply(http, args);
  const listen = server.listen;
  server.listen = function listenOnLoopback(...listenArgs) {
    const [first] = listenArgs;
    if (first && typeof first === 'object' && (first.host === '0.0.0.0' || first.host === undefined)) {
      listenArgs[0] = { ...first, host: '127.0.0.1' };
    }
    return listen.apply(this, listenArgs);
  };
  return server;
};

const { startFauxqs } = await import(appModule);
await startFauxqs(settings);
