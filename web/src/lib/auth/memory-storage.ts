import type { ICognitoStorage } from 'amazon-cognito-identity-js';

/**
 * The storage handed to amazon-cognito-identity-js. Its default is localStorage,
 * which would keep a refresh token on the machine after the browser closes; the
 * portal persists its own session (see token-store.ts) and lets the library keep
 * only throw-away copies in memory.
 */
export class MemoryStorage implements ICognitoStorage {
  readonly #items = new Map<string, string>();

  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }

  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }

  removeItem(key: string): void {
    this.#items.delete(key);
  }

  clear(): void {
    this.#items.clear();
  }
}
