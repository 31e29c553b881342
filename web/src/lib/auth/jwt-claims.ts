/**
 * Reads a JWT's payload without verifying it. The portal only uses the result to
 * schedule refreshes and to show the user's name early; the API verifies every
 * token it receives, so nothing here grants access.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Seconds-since-epoch claim (`exp`, `iat`), or undefined when absent or malformed. */
export function numericClaim(token: string, name: 'exp' | 'iat'): number | undefined {
  const value = decodeJwtPayload(token)?.[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The Cognito user name in an ID token (the login, not the immutable `sub`). */
export function usernameClaim(idToken: string): string | undefined {
  const value = decodeJwtPayload(idToken)?.['cognito:username'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
