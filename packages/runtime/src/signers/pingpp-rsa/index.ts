// `@payspec/runtime/signers/pingpp-rsa`: Ping++ request signing (RSA-SHA256 over body, path and
// timestamp), for the generated packages that declare it.
import { importPingppPrivateKey, pingppSignatureHeaders } from './sign.js';
import type { SignerModule } from '../../core/auth/signer.js';

export const pingppRsa: SignerModule = {
  style: 'pingpp-rsa',
  create({ privateKey }) {
    if (!privateKey) return undefined;
    // Imported on first use and then reused; a bad key fails the first request, not client creation.
    let key: Promise<CryptoKey> | undefined;
    return async (request) => {
      key ??= importPingppPrivateKey(privateKey);
      return pingppSignatureHeaders(await key, request);
    };
  },
};
