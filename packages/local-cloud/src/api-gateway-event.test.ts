import { describe, expect, it } from 'vitest';
import {
  buildHttpApiEvent,
  clfTime,
  isTextContentType,
  joinHeaders,
  parseQueryString,
  RouteTable,
  stringifyClaims,
  toGatewayResponse,
} from './api-gateway-event.ts';

const routes = [
  { id: 'Health', method: 'GET', path: '/health' },
  { id: 'Track', method: 'GET', path: '/v1/public/track/{trackingNo}' },
  { id: 'Mine', method: 'GET', path: '/v1/public/track/mine' },
  { id: 'Files', method: 'GET', path: '/v1/files/{proxy+}' },
  { id: 'AnyFiles', method: 'ANY', path: '/v1/files/{proxy+}' },
  { id: 'Create', method: 'POST', path: '/v1/public/cases' },
];

describe('RouteTable', () => {
  const table = new RouteTable(routes);

  it('matches literal paths and extracts decoded path parameters', () => {
    expect(table.match('GET', '/health')?.route.id).toBe('Health');
    const match = table.match('GET', '/v1/public/track/BLK%2D2026');
    expect(match?.route.id).toBe('Track');
    expect(match?.pathParameters).toEqual({ trackingNo: 'BLK-2026' });
  });

  it('prefers the most specific route like API Gateway', () => {
    expect(table.match('GET', '/v1/public/track/mine')?.route.id).toBe('Mine');
    expect(table.match('GET', '/v1/files/a/b/c.pdf')).toEqual({
      route: routes[3],
      pathParameters: { proxy: 'a/b/c.pdf' },
    });
    expect(table.match('DELETE', '/v1/files/x')?.route.id).toBe('AnyFiles');
  });

  it('does not let a parameter span segments or match an empty one', () => {
    expect(table.match('GET', '/v1/public/track/a/b')).toBeUndefined();
    expect(table.match('GET', '/v1/public/track/')).toBeUndefined();
  });

  it('answers nothing for a wrong method but still claims the path for the API', () => {
    expect(table.match('GET', '/v1/public/cases')).toBeUndefined();
    expect(table.claimsPath('/v1/public/cases')).toBe(true);
    expect(table.claimsPath('/tr/basvuru')).toBe(false);
  });

  it('refuses a greedy variable that is not last', () => {
    expect(() => new RouteTable([{ method: 'GET', path: '/{proxy+}/x' }])).toThrow(/greedy/);
  });

  it('serves Open311 resources by whole segments: the format suffix stays in the parameter', () => {
    // HTTP APIs have no partial-segment variables (`requests.{format}`), so the handler splits it.
    const open311 = new RouteTable([
      { method: 'GET', path: '/open311/v2/{document}' },
      { method: 'POST', path: '/open311/v2/{document}' },
      { method: 'GET', path: '/open311/v2/services/{service}' },
    ]);
    expect(open311.match('GET', '/open311/v2/requests.xml')?.pathParameters).toEqual({
      document: 'requests.xml',
    });
    expect(open311.match('POST', '/open311/v2/servicerequestupdates.json')?.route.method).toBe('POST');
    expect(open311.match('GET', '/open311/v2/services/ROAD-POTHOLE-LOCAL.xml')?.pathParameters).toEqual({
      service: 'ROAD-POTHOLE-LOCAL.xml',
    });
    expect(open311.match('GET', '/open311/v2/services/a/b.xml')).toBeUndefined();
  });
});

describe('buildHttpApiEvent', () => {
  const now = new Date('2026-03-12T19:03:58.123Z');
  const base = {
    routeKey: 'POST /v1/public/cases',
    pathParameters: {},
    requestId: 'req-1',
    apiId: 'local',
    accountId: '000000000000',
    now,
  };

  it('builds a payload 2.0 event with joined headers, cookies and query parameters', () => {
    const event = buildHttpApiEvent(
      {
        method: 'POST',
        url: '/v1/public/cases?lang=tr&tag=a&tag=b%20c',
        rawHeaders: [
          'Host',
          '127.0.0.1:3000',
          'Content-Type',
          'application/json',
          'X-Multi',
          'one',
          'x-multi',
          'two',
          'Cookie',
          'a=1; b=2',
          'User-Agent',
          'curl/8',
        ],
        body: Buffer.from('{"x":1}'),
        sourceIp: '127.0.0.1',
        httpVersion: '1.1',
      },
      base,
    );
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/public/cases',
      rawPath: '/v1/public/cases',
      rawQueryString: 'lang=tr&tag=a&tag=b%20c',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { lang: 'tr', tag: 'a,b c' },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        http: {
          method: 'POST',
          path: '/v1/public/cases',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8',
        },
        requestId: 'req-1',
        routeKey: 'POST /v1/public/cases',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: now.getTime(),
      },
    });
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.pathParameters).toBeUndefined();
    expect('authorizer' in event.requestContext).toBe(false);
  });

  it('base64-encodes binary bodies and omits absent ones', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const binary = buildHttpApiEvent(
      {
        method: 'PUT',
        url: '/x',
        rawHeaders: ['Content-Type', 'image/png'],
        body: png,
        sourceIp: '::1',
        httpVersion: '1.1',
      },
      base,
    );
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body ?? '', 'base64')).toEqual(png);
    const empty = buildHttpApiEvent(
      {
        method: 'GET',
        url: '/x',
        rawHeaders: [],
        body: Buffer.alloc(0),
        sourceIp: '::1',
        httpVersion: '1.1',
      },
      { ...base, pathParameters: { id: '7' } },
    );
    expect(empty.body).toBeUndefined();
    expect(empty.isBase64Encoded).toBe(false);
    expect(empty.queryStringParameters).toBeUndefined();
    expect(empty.pathParameters).toEqual({ id: '7' });
  });

  it('carries the JWT authorizer context exactly as API Gateway does', () => {
    const event = buildHttpApiEvent(
      {
        method: 'GET',
        url: '/x',
        rawHeaders: [],
        body: Buffer.alloc(0),
        sourceIp: '::1',
        httpVersion: '1.1',
      },
      { ...base, authorizer: { jwt: { claims: { sub: 'u1' }, scopes: null } } },
    );
    expect((event.requestContext as { authorizer?: unknown }).authorizer).toEqual({
      jwt: { claims: { sub: 'u1' }, scopes: null },
    });
  });
});

describe('header, query and content-type helpers', () => {
  it('joins duplicate headers case-insensitively', () => {
    expect(joinHeaders(['Accept', 'a', 'ACCEPT', 'b'])).toEqual({ accept: 'a,b' });
  });

  it('returns no query parameters for an empty query string', () => {
    expect(parseQueryString('')).toBeUndefined();
    expect(parseQueryString('q=%C3%A7%C3%B6p')).toEqual({ q: 'çöp' });
  });

  it('treats JSON, text and forms as text and everything else as binary', () => {
    expect(isTextContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/problem+json')).toBe(true);
    expect(isTextContentType('text/csv')).toBe(true);
    expect(isTextContentType('application/x-www-form-urlencoded')).toBe(true);
    expect(isTextContentType('multipart/form-data; boundary=x')).toBe(false);
    expect(isTextContentType('application/octet-stream')).toBe(false);
  });

  it('formats requestContext.time in CLF', () => {
    expect(clfTime(new Date('2026-01-05T03:04:05Z'))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});

describe('stringifyClaims', () => {
  it('stringifies claims the way the HTTP API JWT authorizer does', () => {
    expect(
      stringifyClaims({
        sub: 'abc',
        'cognito:groups': ['agent', 'staff'],
        exp: 1_800_000_000,
        email_verified: true,
        address: { locality: 'Karesi' },
        nothing: null,
      }),
    ).toEqual({
      sub: 'abc',
      'cognito:groups': '[agent staff]',
      exp: '1800000000',
      email_verified: 'true',
      address: '{"locality":"Karesi"}',
    });
  });
});

describe('toGatewayResponse', () => {
  it('uses a structured result with cookies and base64 bodies', () => {
    const response = toGatewayResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3 },
      cookies: ['a=1; HttpOnly', 'b=2'],
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'image/png', 'x-count': '3' });
    expect(response.cookies).toEqual(['a=1; HttpOnly', 'b=2']);
    expect([...response.body]).toEqual([1, 2, 3]);
  });

  it('infers 200 application/json for results without a statusCode', () => {
    const object = toGatewayResponse({ ok: true });
    expect(object.statusCode).toBe(200);
    expect(object.headers['content-type']).toBe('application/json');
    expect(object.body.toString()).toBe('{"ok":true}');
    expect(toGatewayResponse('hello').body.toString()).toBe('hello');
  });
});
