import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { stringifyClaims } from './api-gateway-event.ts';

/*
 * The API Gateway HTTP API JWT authorizer, reimplemented with jose because
 * aws-jwt-verify refuses http JWKS URLs. It follows the documented checks in
 * their order: a token in the identity source (Authorization, "Bearer " optional),
 * a signature by a key of the issuer's JWKS, `iss` equal to the issuer, `aud`
 * (or, for Cognito access tokens that carry none, `client_id`) among the
 * audiences, `exp`/`nbf`/`iat` valid, and the route's scopes if it has any.
 */

/** Authorizer configuration: what API Gateway's `JwtConfiguration` holds. */
export interface JwtAuthorizerConfig {
  issuer: string;
  /** Accepted `aud` / `client_id` values: the app client ids. */
  audience: string[];
  /** A JWKS URL (fetched and cached) or a key resolver, e.g. a local JWKS in tests. */
  jwks: string | JWTVerifyGetKey;
}

/** Why a request was refused: becomes a 401 problem+json. */
export class JwtAuthorizationError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'JwtAuthorizationError';
  }
}

/** What the integration receives in `requestContext.authorizer.jwt`. */
export interface JwtAuthorizerResult {
  claims: Record<string, string>;
  scopes: string[] | null;
}

/** A verifier bound to one issuer; keeps the JWKS cached between requests. */
export type JwtAuthorizer = (
  authorizationHeader: string | undefined,
  requiredScopes?: readonly string[],
) => Promise<JwtAuthorizerResult>;

/** Creates the authorizer for one user pool. */
export function createJwtAuthorizer(config: JwtAuthorizerConfig): JwtAuthorizer {
  const keys = typeof config.jwks === 'string' ? createRemoteJWKSet(new URL(config.jwks)) : config.jwks;
  return async (authorizationHeader, requiredScopes = []) => {
    const token = authorizationHeader?.replace(/^Bearer\s+/i, '').trim();
    if (!token) throw new JwtAuthorizationError('the Authorization header is missing or empty');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw new JwtAuthorizationError(describeJoseError(error));
    }
    const audiences =
      payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audiences.length > 0) {
      if (!audiences.some((a) => config.audience.includes(a))) {
        throw new JwtAuthorizationError('the token audience (aud) is not accepted by this API');
      }
    } else if (typeof payload.client_id !== 'string' || !config.audience.includes(payload.client_id)) {
      throw new JwtAuthorizationError('the token has no accepted aud or client_id');
    }
    const scopeClaim = payload.scope ?? payload.scp;
    const scopes =
      typeof scopeClaim === 'string'
        ? scopeClaim.split(' ').filter(Boolean)
        : Array.isArray(scopeClaim)
          ? scopeClaim.map(String)
          : null;
    if (requiredScopes.length > 0 && !requiredScopes.some((s) => scopes?.includes(s))) {
      throw new JwtAuthorizationError(`the token lacks a required scope (${requiredScopes.join(', ')})`);
    }
    return { claims: stringifyClaims(payload as Record<string, unknown>), scopes };
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'iss'
      ? 'the token issuer (iss) is not this user pool'
      : `invalid claim ${error.claim}`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a key of this user pool';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token algorithm is not allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return 'the token is malformed';
  if (error instanceof errors.JOSEError) return `the token was rejected (${error.code})`;
  return 'the token could not be verified';
}
