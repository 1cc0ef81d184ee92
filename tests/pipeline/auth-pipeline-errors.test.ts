import { describe, expect, it } from 'vitest';
import { buildInProcess, treeHash } from '../helpers/build.js';
import { fixtureProject } from '../helpers/build.js';

/**
 * Security declarations the client cannot honour fail the build, through the real pipeline on a
 * scratch project holding one fixture provider (tests/fixtures/providers/either-auth or
 * client-credentials) with one input broken: the failure names the file and the line of the
 * mistake and the reason, and nothing is written.
 */
interface Breakage {
  name: string;
  fixture: 'either-auth' | 'client-credentials';
  file: 'openapi.yaml' | 'overlay.yaml';
  change: (text: string) => string;
  expected: RegExp;
}

const breakages: Breakage[] = [
  {
    name: 'an alternative whose scheme has no credential mapping',
    fixture: 'either-auth',
    file: 'overlay.yaml',
    change: (text) => text.replace(/      x-payspec-credential:\n        option: token\n.*\n/, '      x-payspec-note: the option was forgotten\n'),
    expected: /overlay\.yaml:\d+:\d+: security scheme `bearerAuth` \(alternative #2 of the root `security`\) has no `x-payspec-credential` naming the client option/,
  },
  {
    name: 'alternatives a client could not tell apart (no option of its own)',
    fixture: 'either-auth',
    file: 'overlay.yaml',
    change: (text) => text.replace('        option: token\n', '        option: username\n'),
    expected: /openapi\.yaml:\d+:\d+: alternative `bearerAuth` of the root `security` has no client option of its own \(`username` is read by another alternative too\)/,
  },
  {
    name: 'an operation offering alternatives that are not the root\'s',
    fixture: 'either-auth',
    file: 'openapi.yaml',
    change: (text) => text.replace('      security:\n        - bearerAuth: []\n', '      security:\n        - bearerAuth: []\n        - basicAuth: []\n          bearerAuth: []\n'),
    expected: /openapi\.yaml:\d+:\d+: GET \/widgets\/\{id\}: the alternative `basicAuth` \+ `bearerAuth` is not one of the root `security`'s/,
  },
  {
    name: 'a Basic passwordOption that no credential entry declares',
    fixture: 'either-auth',
    file: 'overlay.yaml',
    change: (text) => text.replace(/      x-payspec-credentials:\n        - option: password\n.*\n/, ''),
    expected: /overlay\.yaml:\d+:\d+: `passwordOption` `password` is not declared by an `x-payspec-credentials` entry of `basicAuth`/,
  },
  {
    name: 'x-payspec-oauth2 on a scheme that is not OAuth 2.0',
    fixture: 'either-auth',
    file: 'overlay.yaml',
    change: (text) => text.replace('        option: token\n', '        option: token\n      x-payspec-oauth2:\n        options: { clientId: token, clientSecret: token }\n'),
    expected: /overlay\.yaml:\d+:\d+: `x-payspec-oauth2` belongs on a `type: oauth2` scheme; `bearerAuth` is `http`/,
  },
  {
    name: 'an OAuth 2.0 scheme without a clientCredentials flow',
    fixture: 'client-credentials',
    file: 'openapi.yaml',
    change: (text) => text.replace('        clientCredentials:\n', '        authorizationCode:\n          authorizationUrl: https://auth.client-credentials.test/authorize\n'),
    expected: /openapi\.yaml:\d+:\d+: security scheme `oauth` is OAuth 2.0 without a `clientCredentials` flow \(it declares authorizationCode\): .*need a user/,
  },
  {
    name: 'a clientCredentials flow without a tokenUrl (Redocly\'s struct rule)',
    fixture: 'client-credentials',
    file: 'openapi.yaml',
    change: (text) => text.replace('          tokenUrl: /oauth/token\n', ''),
    expected: /openapi\.yaml:\d+:\d+: lint: 1 error \(struct: The field `tokenUrl` must be present on this level\.\)/,
  },
  {
    name: 'a tokenUrl that is not http(s)',
    fixture: 'client-credentials',
    file: 'openapi.yaml',
    change: (text) => text.replace('tokenUrl: /oauth/token', 'tokenUrl: ftp://auth.client-credentials.test/token'),
    expected: /openapi\.yaml:\d+:\d+: `tokenUrl` "ftp:\/\/auth\.client-credentials\.test\/token" must use http or https/,
  },
  {
    name: 'an OAuth 2.0 scheme without x-payspec-oauth2',
    fixture: 'client-credentials',
    file: 'overlay.yaml',
    change: (text) => text.replace('      x-payspec-oauth2:\n        options: { clientId: clientId, clientSecret: clientSecret }\n', ''),
    expected: /overlay\.yaml:\d+:\d+: security scheme `oauth` \(OAuth 2\.0 client credentials\) has no `x-payspec-oauth2` naming the client options of its client id and secret/,
  },
  {
    name: 'x-payspec-oauth2 naming a client option no credential entry declares',
    fixture: 'client-credentials',
    file: 'overlay.yaml',
    change: (text) => text.replace('clientSecret: clientSecret }', 'clientSecret: secret }'),
    expected: /overlay\.yaml:\d+:\d+: `secret` is not declared by an `x-payspec-credential\(s\)` entry of `oauth`/,
  },
  {
    name: 'an unknown client authentication',
    fixture: 'client-credentials',
    file: 'overlay.yaml',
    change: (text) => text.replace('        options: { clientId: clientId, clientSecret: clientSecret }\n', '        options: { clientId: clientId, clientSecret: clientSecret }\n        clientAuthentication: post\n'),
    expected: /overlay\.yaml:\d+:\d+: `x-payspec-oauth2\.clientAuthentication` must be `basic` .* or `body`/,
  },
  {
    name: 'an operation requiring a scope the flow does not declare (Redocly\'s lint)',
    fixture: 'client-credentials',
    file: 'openapi.yaml',
    change: (text) => text.replace('        - oauth: [widgets:write]', '        - oauth: [widgets:delete]'),
    expected: /openapi\.yaml:\d+:\d+: lint: 1 error \(security-scopes-defined: The "widgets:delete" scope is not defined/,
  },
  {
    name: 'x-payspec-oauth2 asking for a scope the flow does not declare',
    fixture: 'client-credentials',
    file: 'overlay.yaml',
    change: (text) => text.replace('        options: { clientId: clientId, clientSecret: clientSecret }\n', '        options: { clientId: clientId, clientSecret: clientSecret }\n        scopes: [widgets:read, widgets:delete]\n'),
    expected: /overlay\.yaml:\d+:\d+: scope `widgets:delete` is not declared by the clientCredentials flow of `oauth`/,
  },
];

describe.concurrent('a security declaration the client cannot honour fails the build at its line', () => {
  it.each(breakages.map((b) => [b.name, b] as const))('%s', async (_name, breakage) => {
    const scratch = fixtureProject(breakage.fixture);
    try {
      const before = await treeHash(scratch.root);
      const file = `${scratch.folder}/${breakage.file}`;
      scratch.edit(file, breakage.change);
      const run = await buildInProcess([], scratch.root);
      expect(run.status, run.output).toBe(1);
      expect(run.output).toContain(`[${breakage.fixture}] tests/fixtures/providers/${breakage.fixture}/`);
      expect(run.output).toMatch(breakage.expected);
      expect(await treeHash(scratch.root)).toBe(before);
    } finally {
      scratch.remove();
    }
  });
});
