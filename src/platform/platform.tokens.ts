/** Injection tokens for values the platform provides to every module. */
export const DEPLOYMENT_SECRETS = Symbol('DEPLOYMENT_SECRETS');
