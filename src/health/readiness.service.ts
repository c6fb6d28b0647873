import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { RequestGate } from '../platform/http/request-gate';

/**
 * Whether this instance should still be sent new requests. main.ts calls beginShutdown() the
 * moment a stop signal arrives, before it closes HTTP, so `/health/ready` turns 503 first and a
 * load balancer stops routing here while requests in flight finish. Closing the app by any other
 * path flips it too. The flag is the RequestGate's, which from then on closes keep-alive
 * connections after each response: one state for "this instance is stopping".
 */
@Injectable()
export class Readiness implements BeforeApplicationShutdown {
  constructor(private readonly gate: RequestGate) {}

  beginShutdown(): void {
    this.gate.beginShutdown();
  }

  get shuttingDown(): boolean {
    return this.gate.closing;
  }

  beforeApplicationShutdown(): void {
    this.beginShutdown();
  }
}
