/** What the metrics read of the embedded database's supervision (absent with DATABASE_URL). */
export interface DatabaseRestarts {
  /** Times the embedded server was brought back after dying under this process. */
  readonly restarts: number;
}

export const DATABASE_RESTARTS = Symbol('DATABASE_RESTARTS');
