/**
 * The renderer's single doorway to the core's contract. The contract is pure zod (no Node), so it is
 * safe to bundle; importing it through this file keeps the relative path in one place.
 */
export * from '../../../electron/core/api/contract';
