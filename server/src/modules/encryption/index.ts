export { resealAtRest } from './jobs/reseal-at-rest.js';
export { type Resealed, resealAll, rotateKeys } from './service.js';
