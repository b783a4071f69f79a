export * from './contact.js';
export * from './feedback.js';
export * from './histogram.js';
export * from './quality.js';
export * from './ratio.js';
export * from './workload.js';
