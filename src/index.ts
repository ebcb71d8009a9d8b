export * from './config/index.js';
export * from './errors.js';
export * from './model/index.js';
export * from './plan/change.js';
export * from './plan/plan.js';
export * from './settings/catalog.js';
