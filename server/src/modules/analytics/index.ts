export { analyticsRoutes } from './routes.js';
export { rollupConsumer, recompute, rebuild, settingsOf } from './rollup.js';
export * as kpis from './kpis/index.js';
