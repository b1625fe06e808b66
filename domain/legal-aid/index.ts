/** Public API of the legal-aid domain: what the core, the renderer and the centre may import. */
export * from './rule-pack.ts';
export * from './application.ts';
export * from './eligibility.ts';
export * from './hardship.ts';
export * from './materials.ts';
export * from './routing.ts';
export * from './clocks.ts';
export * from './describe.ts';
export * from './pledge.ts';
export * from './consistency.ts';
export { addDays, daysBetween } from './day-count.ts';
export { legalAidLabelsZhCN } from './labels/zh-CN.ts';
export { legalAidLabelsEn } from './labels/en.ts';
