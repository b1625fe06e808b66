/** Public API of the legal-aid domain: what the core, the renderer and the centre may import. */
export * from './rule-pack.ts';
export * from './application.ts';
