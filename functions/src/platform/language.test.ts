import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language.ts';

describe('Accept-Language negotiation', () => {
  it.each([
    [undefined, 'tr'],
    ['', 'tr'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['tr-TR,tr;q=0.9,en;q=0.8', 'tr'],
    ['de-DE,en;q=0.5,tr;q=0.7', 'tr'],
    ['fr, de', 'tr'],
    ['en;q=0, tr', 'tr'],
    ['*', 'tr'],
    ['EN-us', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
