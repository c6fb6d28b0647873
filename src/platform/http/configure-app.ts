import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { isUtf8 } from 'node:buffer';
import * as path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { BackgroundPacer } from '../jobs/background-pacer';
import { registerViewHelpers, SRC_ROOT, viewDirectories } from '../views/view-engine';
import { HttpErrorFilter } from './http-error.filter';
import { RequestGate } from './request-gate';
import { BadUtf8 } from './bad-utf8.error';

/**
 * Everything about the HTTP surface that is not a route: headers, parsers, views, errors, docs.
 * Shared by main.ts and the integration tests so they serve exactly the same app.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(app.get(RequestGate).middleware);
  app.use(app.get(BackgroundPacer).countRequests);
  app.use(securityHeaders());
  app.use(cookieParser());
  const verify = (_req: unknown, _res: unknown, buf: Buffer) => {
    if (!isUtf8(buf)) throw new BadUtf8();
  };
  // Own parsers (the app is created with bodyParser: false) because Nest's reserve `verify`.
  app.use(express.json({ limit: '256kb', verify }));
  app.use(express.urlencoded({ extended: false, limit: '256kb', verify: verifyUrlEncoded }));

  registerViewHelpers(config.tzName);
  app.setBaseViewsDir(viewDirectories());
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/public' });
  app.useStaticAssets(path.join(SRC_ROOT, 'platform', 'views', 'assets'), { prefix: '/assets/', maxAge: '1d', index: false });

  app.useGlobalFilters(new HttpErrorFilter(logger));

  const doc = new DocumentBuilder()
    .setTitle('WBS — Whistle Blowing System API')
    .setDescription('Public reporting and tracking API, and the staff API. See CONTRACT.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}

/**
 * Strict defaults for every response: nothing from third parties, no inline script, no
 * framing, no referrer, no caching (pages can carry case content). The API docs page needs the
 * Swagger UI's own scripts and inline styles, so it alone gets a looser policy.
 */
function securityHeaders() {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  const docs = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next);
  };
}

/** Percent-escapes in a form body must also decode to valid UTF-8. */
function verifyUrlEncoded(_req: unknown, _res: unknown, buf: Buffer): void {
  if (!isUtf8(buf)) throw new BadUtf8();
  const text = buf.toString('latin1').replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  if (!isUtf8(Buffer.from(bytes))) throw new BadUtf8();
}
