import type { DemoJurisdiction } from './seed-demo-api-keys.ts';
import type { DemoUser } from './seed-demo-users.ts';

/*
 * The public contract of a running local cloud. `npm start` writes it to
 * .data/endpoints.json; tools, scripts and tests read it from there. Add fields,
 * never rename them.
 */

/** Everything a client needs to talk to a running local cloud. */
export interface LocalEndpoints {
  /** The local API Gateway; the same origin as the portal. */
  apiUrl: string;
  portalUrl: string;
  openApiUrl: string;
  region: string;
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /**
   * Path-style S3 on 127.0.0.1: the S3 gateway in front of fauxqs (CORS for the
   * portal, POST policy checks, object tagging). Presigned URLs point here.
   */
  s3Endpoint: string;
  cognitoEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
  /** `iss` of the pool's tokens. */
  issuer: string;
  jwksUrl: string;
  /** Physical table names by definition `nameSuffix` (`main`, `idempotency`). */
  tables: Record<string, string>;
  /** Queues by manifest queue name; ARNs for pollers and redrive inspection. */
  queues: Record<string, { url: string; dlqUrl: string; arn: string; dlqArn: string }>;
  bucket: string;
  demoUsers: DemoUser[];
  /**
   * The Open311 GeoReport v2 server (docs/open311.md): its base URL and, per tenant,
   * the jurisdiction_id and a demo API key. Present when the demo data was seeded.
   */
  open311?: { url: string; jurisdictions: DemoJurisdiction[] };
}
