export * from './audit.ts';
export * from './auth.ts';
export * from './common.ts';
export * from './org.ts';
export * from './registry.ts';
export * from './users.ts';
export * from './visits.ts';
