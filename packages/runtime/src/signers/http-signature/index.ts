// `@payspec/runtime/signers/http-signature`: CyberSource HTTP Signature (HMAC-SHA256), for the
// generated packages that declare it.
import { httpSignatureHeaders } from './sign.js';
import type { SignerModule } from '../../core/auth/signer.js';

export const httpSignature: SignerModule = {
  style: 'http-signature',
  // The signature covers `date` and `host`, which browsers do not let a page set: the server would
  // see other values than were signed and refuse every request.
  browserProblem: 'it signs the `date` and `host` headers, which a browser does not let a page set',
  create({ merchantId, keyId, sharedSecret }) {
    if (!merchantId || !keyId || !sharedSecret) return undefined;
    const credentials = { merchantId, keyId, sharedSecret };
    return (request) => httpSignatureHeaders(credentials, request);
  },
};
