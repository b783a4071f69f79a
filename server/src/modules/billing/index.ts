export { addDays, addMonths } from './contract-dates.js';
export { remindContractDates } from './jobs/contract-reminders.js';
export { billingRoutes } from './routes.js';
export type { ContractInput } from './schemas.js';
export { approveInvoice, computeInvoice, createContract, listContracts, listInvoices } from './service.js';
export { inhouseCostPerContactOf, saveInhouseCostModel } from './tco.service.js';
