export { supportAddressRoutes } from './routes.js';
export { type EmailIntake, startEmailIntake } from './smtp-server.js';
