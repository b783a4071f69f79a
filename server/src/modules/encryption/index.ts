export { type Resealed, resealAll, rotateKeys } from './service.js';
