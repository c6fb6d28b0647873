/** Injection tokens for values the platform provides to every module. */
export const DEPLOYMENT_SECRETS = Symbol('DEPLOYMENT_SECRETS');
/** `true` in the web process: recurring jobs run on their schedules. The CLI runs them on demand. */
export const JOBS_ENABLED = Symbol('JOBS_ENABLED');
