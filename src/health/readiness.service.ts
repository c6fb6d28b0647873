import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/**
 * Whether this instance should still be sent new requests. main.ts calls beginShutdown() the
 * moment a stop signal arrives, before it closes HTTP, so `/health/ready` turns 503 first and a
 * load balancer stops routing here while requests in flight finish. Closing the app by any other
 * path flips it too.
 */
@Injectable()
export class Readiness implements BeforeApplicationShutdown {
  private stopping = false;

  beginShutdown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beforeApplicationShutdown(): void {
    this.beginShutdown();
  }
}
