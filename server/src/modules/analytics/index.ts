export { rebuildOutdatedRollups } from './jobs/rebuild-outdated-rollups.js';
export * as kpis from './kpis/index.js';
export { solvedTicketSignals } from './repository.js';
export { rebuild, recompute, rollupConsumer, settingsOf } from './rollup.js';
export { analyticsRoutes } from './routes.js';
export { backlog, billableHandledBySite, billableVolumes, kpiReport, kpiTrend } from './service.js';
