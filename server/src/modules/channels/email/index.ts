export { emailRoutes } from './capture-routes.js';
export { emailConsumer } from './consumer.js';
export { type ImapPoller, startImapPoller } from './imap-poller.js';
export { eraseMail } from './repository.js';
export { supportAddressRoutes } from './routes.js';
export { closeRelay, emailSender, sendOtherMail } from './sender.js';
export { retryEmail } from './service.js';
export { type EmailIntake, startEmailIntake } from './smtp-server.js';
