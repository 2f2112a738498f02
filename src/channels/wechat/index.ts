export { buildEncryptedReply, buildImageReply, buildTextReply, buildWechatXml, cdata, type WechatReplyAddress, type WechatXmlReplyValue } from './buildWechatXml.js';
export {
  createWechatApi,
  WECHAT_API_BASE,
  type WechatApi,
  type WechatApiOptions,
  type WechatCallOptions,
  type WechatCustomMessage,
  type WechatMedia,
  type WechatMenuButton,
} from './createWechatApi.js';
export { createWechatCrypto, decodeWechatAesKey, type WechatCrypto, type WechatCryptoOptions, type WechatKeySlot, type WechatOpened, type WechatSealed } from './createWechatCrypto.js';
export { parseWechatMessage, toWechatMessage, type WechatEnvelope, type WechatInboundMessage, type WechatMessageBody } from './parseWechatMessage.js';
export { parseWechatXml, WECHAT_XML_MAX_BYTES, type ParseWechatXmlOptions, type WechatXmlFields, type WechatXmlValue } from './parseWechatXml.js';
export { checkWechatSignature, wechatSignature, type WechatSignatureInput } from './wechatSignature.js';
export { WechatApiError, WechatError, wechatErrcodes, wechatErrorCodes, type WechatApiErrorCode, type WechatErrorCode } from './WechatError.js';
export { createWechatChannel, type WechatChannel, type WechatChannelOptions } from './createWechatChannel.js';
export { createWechatOutbox, type WechatOutbox, type WechatOutgoing } from './createWechatOutbox.js';
export { dedupKey, readWechatMessage, WECHAT_CHANNEL_ID, WECHAT_SERVICE_URL, type WechatReading } from './readWechatMessage.js';
export { menuKey, menuKeyText, wechatMenuButtons, type MenuWords } from './wechatMenu.js';
export { createWechatWindow, type WechatWindow, type WechatWindowStatus } from './createWechatWindow.js';
