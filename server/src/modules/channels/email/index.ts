export { emailConsumer } from './consumer.js';
export { emailRoutes } from './routes.js';
export { closeRelay, emailSender } from './sender.js';
export { retryEmail } from './service.js';
