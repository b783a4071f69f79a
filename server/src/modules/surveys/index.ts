export { surveyConsumer } from './consumer.js';
export { sendNpsSurveys } from './jobs/send-nps.js';
export { eraseSurveys } from './repository.js';
export { publicSurveyRoutes, surveyRoutes } from './routes.js';
export { surveySecret } from './secret.js';
export { surveySender, surveyUrl } from './sender.js';
