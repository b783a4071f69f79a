export { chatRoutes } from './routes.js';
export { widgetRoutes } from './widget-assets.js';
