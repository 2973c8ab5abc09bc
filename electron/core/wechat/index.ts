/** The WeChat layer's public API: the client, the error catalogue and its parsers, redaction, and the shared types. */
export {
  WeChatClient,
  DEFAULT_API_BASE,
  DEFAULT_WECOM_API_BASE,
  DEFAULT_TIMEOUT_MS,
  type WeChatClientOptions,
} from './client';
export {
  errorCatalogue,
  lookupError,
  parseErrorFacts,
  parseRid,
  ridIssuedAt,
  unwrapMappedIpv4,
  type ErrorFamily,
} from './catalogue';
export { classifyNetworkError, type ClassifiedNetworkError } from './network-error';
export { REDACTED, redactJsonBody, redactUrl, redactValue, scrubSecrets } from './redact';
export type * from './types';
