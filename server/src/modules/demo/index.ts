export { type ArrivalProfile, arrivalsBetween, DEMO_ARRIVALS } from './arrivals.js';
export { DEMO_ORGANIZATION, DEMO_PASSWORD, type DemoDataset, generateDemo } from './generate.js';
export { demoInvoicesConsumer, invoiceDemoMonths } from './invoices.js';
export { type SeedOutcome, seedDemo } from './seed.js';
