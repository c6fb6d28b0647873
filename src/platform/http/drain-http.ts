import type { Server } from 'node:http';

/**
 * Stops an HTTP listener the way a load balancer expects: for `graceMs` it still serves (the
 * proxy sees `/health/ready` answer 503 and stops sending), then it takes no new connections,
 * closes idle keep-alive ones, lets requests in flight finish (each response closes its
 * connection, see RequestGate), and after `deadlineMs` cuts whatever is left.
 */
export async function drainHttp(server: Server, opts: { graceMs: number; deadlineMs: number }): Promise<void> {
  if (opts.graceMs > 0) await new Promise((r) => setTimeout(r, opts.graceMs));
  await new Promise<void>((resolve) => {
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, opts.deadlineMs);
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}
