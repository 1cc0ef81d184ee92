import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterDelay } from '@payspec/runtime';

describe('retry delays', () => {
  it('doubles from 500 ms up to 8 s, minus up to 25% jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(0, () => 1)).toBe(375);
    for (let i = 0; i < 50; i++) expect(backoffDelay(2)).toBeGreaterThanOrEqual(1500);
  });

  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterDelay(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterDelay(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterDelay(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 09:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterDelay(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(retryAfterDelay(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterDelay(new Headers(), now)).toBeUndefined();
  });
});
