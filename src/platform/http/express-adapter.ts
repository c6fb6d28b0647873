import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import * as http from 'node:http';

/**
 * Nest's Express adapter, whose server creates each request and response with Express's own
 * prototypes from the start.
 *
 * Express gives every request and response its app's prototype on arrival
 * (`Object.setPrototypeOf(req, app.request)`). In V8 that call, on a fresh object, moved a
 * steady stream of short-lived objects into the old generation: with a bare Express endpoint
 * under load, about 1 MB per young collection and a major collection every second, where plain
 * `http` had none. On the inbox at 10 connections each major collection held up the requests in
 * flight by 40–60 ms and set its p99 (bench/results.md). Created from classes whose prototype
 * already is the app's, the call finds the prototype in place and changes nothing.
 */
export class PrototypedExpressAdapter extends ExpressAdapter {
  private readonly classes: http.ServerOptions;

  constructor() {
    const app = express();
    class AppRequest extends http.IncomingMessage {}
    class AppResponse extends http.ServerResponse {}
    // The app's prototypes become the classes' parents, and the classes' prototypes the app's:
    // req → AppRequest.prototype (now app.request) → Express's request → IncomingMessage.prototype.
    Object.setPrototypeOf(AppRequest.prototype, app.request);
    Object.setPrototypeOf(AppResponse.prototype, app.response);
    app.request = AppRequest.prototype as unknown as express.Request;
    app.response = AppResponse.prototype as unknown as express.Response;
    super(app);
    // (Node's types declare the response class generic over its request; ours is not.)
    this.classes = { IncomingMessage: AppRequest, ServerResponse: AppResponse as unknown as typeof http.ServerResponse };
  }

  override initHttpServer(options: NestApplicationOptions): void {
    // Options this app does not use keep Nest's own server (and Express's per-request cost).
    if (options?.httpsOptions || options?.forceCloseConnections || options?.return503OnClosing) return super.initHttpServer(options);
    this.httpServer = http.createServer(this.classes, this.getInstance());
  }
}
