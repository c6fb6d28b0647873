import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { lastValueFrom, of } from 'rxjs';
import { page, redirect } from './page';
import { PageInterceptor } from './page.interceptor';

class TestPages extends PageInterceptor {
  protected context(req: Request) {
    return { layout: 'layouts/test', lang: 'id', path: req.path };
  }
}

function run(result: unknown) {
  const res = {
    status: jest.fn(),
    redirect: jest.fn(),
    render: jest.fn((view: string, model: Record<string, unknown>, done: (err: Error | null, html: string) => void) => done(null, `<${view}>${JSON.stringify(model)}`)),
  };
  const ctx = { switchToHttp: () => ({ getRequest: () => ({ path: '/staff/x' }), getResponse: () => res as unknown as Response }) } as unknown as ExecutionContext;
  const next: CallHandler = { handle: () => of(result) };
  return { res, sent: lastValueFrom(new TestPages().intercept(ctx, next)) };
}

describe(PageInterceptor.name, () => {
  it('renders a page with the shared context under its own data, and sets its status', async () => {
    const { res, sent } = run(page('cases/case', { title: 'T', lang: 'en' }, 400));
    expect(await sent).toBe('<cases/case>{"layout":"layouts/test","lang":"en","path":"/staff/x","title":"T"}');
    expect(res.status).toHaveBeenCalledWith(400);
  });

  it('answers a redirect with a 303 and nothing rendered', async () => {
    const { res, sent } = run(redirect('/staff/cases/1#notes'));
    expect(await sent).toBeUndefined();
    expect(res.redirect).toHaveBeenCalledWith(303, '/staff/cases/1#notes');
    expect(res.render).not.toHaveBeenCalled();
  });

  it('passes anything else through unchanged (a stylesheet, a file)', async () => {
    const { res, sent } = run('body { color: red }');
    expect(await sent).toBe('body { color: red }');
    expect(res.render).not.toHaveBeenCalled();
    expect(res.status).not.toHaveBeenCalled();
  });
});
