export * from './access/roles.ts';
export * from './accounts/password.ts';
export * from './org/codes.ts';
export * from './org/party.ts';
