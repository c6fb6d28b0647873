import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import type { LogLevel } from '../config/app-config';

/**
 * Structured JSON logs (pino). What may be logged: event and job names, ids, route templates,
 * status codes, durations. Never: IP addresses, user agents, receipts, tokens, passwords,
 * case content or identities. Redaction below is a safety net, not permission.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'wbs' },
      redact: {
        paths: ['password', 'otp', 'receipt', 'token', 'body', '*.password', '*.receipt', '*.token', '*.body', 'req.headers', 'ip'],
        censor: '[redacted]',
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Synchronous on stdout (pino's implicit default writes later, from a buffer): the app logs
    // little per request, and text main.ts prints after a log line must appear after it.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** Lets Nest's own messages go through the same logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
