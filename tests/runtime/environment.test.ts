import { describe, expect, it } from 'vitest';
import { ConfigurationError, resolveBaseUrl } from '@payspec/runtime';

const servers = [
  { url: 'https://test-api.example.com/1', environment: 'test' },
  { url: 'https://api.example.com/1/', environment: 'live' },
];

describe('resolveBaseUrl', () => {
  it('defaults to the first server', () => {
    expect(resolveBaseUrl('Acme', servers, {})).toBe('https://test-api.example.com/1');
  });

  it('picks the named environment and drops a trailing slash', () => {
    expect(resolveBaseUrl('Acme', servers, { environment: 'live' })).toBe('https://api.example.com/1');
  });

  it('lets baseUrl override the environment', () => {
    expect(resolveBaseUrl('Acme', servers, { environment: 'live', baseUrl: 'http://127.0.0.1:4010/' })).toBe('http://127.0.0.1:4010');
  });

  it('refuses an unknown environment, listing the known ones', () => {
    expect(() => resolveBaseUrl('Acme', servers, { environment: 'staging' })).toThrow(/`environment` is not one of the known environments \('test', 'live'\)/);
  });

  it.each(['not a url', 'ftp://example.com', '/relative'])('refuses baseUrl %j', (baseUrl) => {
    expect(() => resolveBaseUrl('Acme', servers, { baseUrl })).toThrow(ConfigurationError);
  });
});
