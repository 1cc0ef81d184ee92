// `@payspec/runtime/signers/cybersource-jwt`: CyberSource JWT with a shared secret (HS256), for the
// generated packages that declare it. Works in browsers (it sets only `authorization`).
import { jwtBearerToken } from './jwt.js';
import type { SignerModule } from '../../core/auth/signer.js';

export const cybersourceJwt: SignerModule = {
  style: 'cybersource-jwt',
  create({ merchantId, keyId, sharedSecret }) {
    if (!merchantId || !keyId || !sharedSecret) return undefined;
    const credentials = { merchantId, keyId, sharedSecret };
    return async (request) => ({ authorization: `Bearer ${await jwtBearerToken(credentials, request)}`, 'v-c-merchant-id': merchantId });
  },
};
