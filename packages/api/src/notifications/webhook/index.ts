// Member webhooks for price-alert notifications: address rules, signatures and one delivery.
// Pure of the database; callers store webhooks and outcomes and schedule retries.
export {
  DEFAULT_TOLERANCE_SECONDS,
  WEBHOOK_SIGNATURE_HEADER,
  newWebhookSecret,
  signWebhook,
  verifyWebhookSignature,
  type VerifyOptions,
} from "./sign.ts";
export {
  MAX_WEBHOOK_URL_LENGTH,
  PRIVATE_ADDRESS_MESSAGE,
  UNRESOLVED_HOST_MESSAGE,
  WebhookUrlSchema,
  checkWebhookTarget,
  createWebhookUrlSchema,
  isPublicAddress,
  type LookupAll,
  type WebhookTargetCheck,
  type WebhookUrl,
  type WebhookUrlOptions,
} from "./url.ts";
export {
  MAX_WEBHOOK_PAYLOAD_BYTES,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_USER_AGENT,
  deliverWebhook,
  type DeliverWebhookInput,
  type WebhookDeliveryResult,
} from "./deliver.ts";
