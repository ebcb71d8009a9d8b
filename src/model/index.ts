export * from './actual-state.js';
export * from './desired-state.js';
export * from './source-location.js';
export * from './validity.js';
