import { getIdentity } from './get-identity.js';

export const identityTools = [getIdentity];
