export { queueSocialReply, webhookConsumer } from './consumer.js';
export { eraseDeliveries as eraseWebhookDeliveries } from './repository.js';
export { webhookRoutes } from './routes.js';
export { resealWebhookSecrets } from './secrets.js';
export { webhookSender } from './sender.js';
export { retryMessageDeliveries } from './service.js';
export { signatureHeader, verifySignature } from './signature.js';
