import { describe, expect, it } from 'vitest';
import { authHeaders, base64, checkCredentials, ConfigurationError } from '@payspec/runtime';

describe('authHeaders', () => {
  it('HTTP Basic with an empty password by default', () => {
    expect(authHeaders([{ type: 'basic', option: 'secretKey' }], { secretKey: 'stest_abc' })).toEqual({
      authorization: `Basic ${Buffer.from('stest_abc:').toString('base64')}`,
    });
  });

  it('HTTP Basic with a password option', () => {
    const headers = authHeaders([{ type: 'basic', option: 'user', passwordOption: 'pass' }], { user: 'ü', pass: 'p:w' });
    expect(headers.authorization).toBe(`Basic ${Buffer.from('ü:p:w', 'utf8').toString('base64')}`);
  });

  it('Bearer tokens and header tokens', () => {
    const headers = authHeaders(
      [
        { type: 'bearer', option: 'accessToken' },
        { type: 'header', option: 'customerToken', header: 'X-Customer-Token' },
      ],
      { accessToken: 'token-1', customerToken: 'token-2' },
    );
    expect(headers).toEqual({ authorization: 'Bearer token-1', 'x-customer-token': 'token-2' });
  });

  it('leaves out a scheme whose optional credential is absent', () => {
    expect(authHeaders([{ type: 'header', option: 'customerToken', header: 'x-customer-token' }], {})).toEqual({});
  });

  it('base64 matches Node for non-ASCII text', () => {
    expect(base64('clé:€')).toBe(Buffer.from('clé:€').toString('base64'));
  });
});

describe('checkCredentials', () => {
  const rules = [{ option: 'secretKey', pattern: '^sk_(test|live)_', patternHint: 'starts with sk_test_ or sk_live_' }];

  it('accepts a well-formed credential', () => {
    expect(() => checkCredentials('Acme', rules, { secretKey: 'sk_test_123' })).not.toThrow();
  });

  it.each([
    [{}, /`secretKey` option is required/],
    [{ secretKey: '' }, /`secretKey` option is required/],
    [{ secretKey: 42 }, /must be a string, got number/],
    [{ secretKey: 'sk_test_123\n' }, /control character/],
    [{ secretKey: ' sk_test_123' }, /white space/],
    [{ secretKey: 'pk_test_123' }, /not a valid value \(starts with sk_test_ or sk_live_\)/],
  ])('refuses %j with a message that names the option', (options, message) => {
    let thrown: unknown;
    try {
      checkCredentials('Acme', rules, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).message).toMatch(message);
    expect((thrown as ConfigurationError).option).toBe('secretKey');
    const value = (options as { secretKey?: unknown }).secretKey;
    if (typeof value === 'string' && value.trim()) expect((thrown as Error).message).not.toContain(value.trim());
  });

  it('lets an optional credential be absent', () => {
    expect(() => checkCredentials('Acme', [{ option: 'customerToken', optional: true }], {})).not.toThrow();
  });
});
