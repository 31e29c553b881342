// Entry point of the fauxqs child process (plain JavaScript: it runs under bare
// Node, without tsx). It starts fauxqs through its programmatic API, because the
// fauxqs CLI ignores FAUXQS_DATA_DIR, and binds it to 127.0.0.1 instead of the
// 0.0.0.0 fauxqs hard-codes, so the emulator is not on the LAN. This is done by
// wrapping node:http's createServer, which fastify calls. Browsers never talk to
// fauxqs directly: the S3 gateway (local-s3-gateway.ts) in front of it adds CORS
// for the portal's origins, POST policy checks and object tagging.
import http from 'node:http';

const settings = JSON.parse(process.env.CITYDESK_FAUXQS_SETTINGS ?? '{}');
const appModule = process.env.CITYDESK_FAUXQS_MODULE;
if (!appModule) throw new Error('CITYDESK_FAUXQS_MODULE is not set');

const createServer = http.createServer;
http.createServer = (...args) => {
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
