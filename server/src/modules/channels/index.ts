export { closeRelay, emailConsumer, emailSender, sendOtherMail } from './email/index.js';
export { channelRoutes } from './routes.js';
export { socialConsumer } from './social/index.js';
