import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, Observable } from 'rxjs';
import { Page, Redirect } from './page';

/**
 * Renders what page handlers return (a Page or a Redirect), so that controllers pass only their
 * page's own data. Each kind of page (the staff pages) says in `context` what all its pages
 * share; the page's model is spread over it, so a page may still override a shared value.
 * Anything else a handler returns (a stylesheet, a file) goes out unchanged.
 */
export abstract class PageInterceptor implements NestInterceptor {
  protected abstract context(req: Request): Record<string, unknown>;

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(mergeMap((result: unknown) => from(this.write(req, res, result))));
  }

  private async write(req: Request, res: Response, result: unknown): Promise<unknown> {
    if (result instanceof Redirect) {
      // Express writes the whole redirect; Nest's reply that follows finds the response ended.
      res.redirect(result.status, result.url);
      return undefined;
    }
    if (!(result instanceof Page)) return result;
    const html = await renderToString(res, result.view, { ...this.context(req), ...result.model });
    // Nest sends the HTML as it would send `res.render`'s, keeping the status set here.
    res.status(result.status);
    return html;
  }
}

function renderToString(res: Response, view: string, model: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => res.render(view, model, (err: Error | null, html: string) => (err ? reject(err) : resolve(html))));
}
