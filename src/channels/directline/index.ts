export { createDirectLineChannel, type DirectLineChannelOptions, type DirectLineImages } from './createDirectLineChannel.js';
export { createDirectLineHub, type ActivitySet, type DirectLineHub, type DirectLineHubOptions } from './createDirectLineHub.js';
export { createTokenService, type TokenCheck, type TokenClaims, type TokenService } from './createTokenService.js';
export { signingKey } from './signingKey.js';
