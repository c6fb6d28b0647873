import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { BackgroundPacer } from '../jobs/background-pacer';
import { registerViewHelpers, SRC_ROOT, viewDirectories } from '../views/view-engine';
import { HttpErrorFilter } from './http-error.filter';
import { RequestGate } from './request-gate';
import { TextInputGuard } from './text-input';
import { BadUtf8 } from './bad-utf8.error';
import { namedSchemas } from './body-schema';
import { t } from '../i18n/i18n';
import { requestLang } from './request-lang';

/**
 * Everything about the HTTP surface that is not a route: headers, parsers, views, errors, docs.
 * Shared by main.ts and the integration tests so they serve exactly the same app.
 */
export interface HttpSurfaceOptions {
  /** Whether the request is signed in as a staff member: the API docs are for staff only. */
  isStaff: (req: Request) => Promise<boolean>;
  /** Sets what every page's layout reads from res.locals (the inspectorate's name and logo). */
  pageLocals?: (req: Request, res: Response, next: NextFunction) => void;
}

export function configureApp(app: NestExpressApplication, config: AppConfig, logger: Logger, opts: HttpSurfaceOptions): void {
  app.disable('x-powered-by');
  // Every response but /assets (served with their own validators) is no-store, so an ETag is
  // never used; Express would otherwise hash every body for one (bench/inbox: ~1% of a page).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(app.get(RequestGate).middleware);
  app.use(app.get(BackgroundPacer).countRequests);
  app.use(securityHeaders(config));
  app.use(compressed());
  app.use(onionLocation(config.onionAddress));
  app.use(cookieParser());
  if (opts.pageLocals) app.use(opts.pageLocals);
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
  const assets = path.join(SRC_ROOT, 'platform', 'views', 'assets');
  app.useStaticAssets(assets, { prefix: '/assets/', maxAge: '1d', index: false });
  app.use('/favicon.ico', favicon(fs.readFileSync(path.join(assets, 'favicon.ico'))));

  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.useGlobalGuards(new TextInputGuard());

  const doc = new DocumentBuilder()
    .setTitle('WBS — Whistle Blowing System API')
    .setDescription('Public reporting and tracking API, and the staff API. See CONTRACT.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  // The document maps every staff route; a stranger gets nothing from it but a map. Operators who
  // publish their API for integrators turn it on with API_DOCS_PUBLIC=true.
  if (!config.apiDocsPublic) app.use(['/api/docs', '/api/docs-json'], staffOnly(opts.isStaff));
  SwaggerModule.setup('api/docs', app, () => withNamedSchemas(SwaggerModule.createDocument(app, doc)), { jsonDocumentUrl: 'api/docs-json' });
}

/** Adds the inputs' and answers' named schemas (body-schema.ts), which the routes reference by `$ref`. */
function withNamedSchemas(document: OpenAPIObject): OpenAPIObject {
  return { ...document, components: { ...document.components, schemas: { ...document.components?.schemas, ...namedSchemas() } } };
}

/**
 * Strict defaults for every response: nothing from third parties, no inline script, no
 * framing, no referrer, no caching (pages can carry case content). The API docs page needs the
 * Swagger UI's own scripts and inline styles, so it alone gets a looser policy.
 */
function securityHeaders(config: AppConfig) {
  // HSTS only where the site is served over https: over plain http the header is meaningless,
  // and on localhost it would pin https for every other local project on that host name.
  const hsts = config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: false } : false;
  const strict = helmet({
    strictTransportSecurity: hsts,
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
    strictTransportSecurity: hsts,
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

/**
 * gzip or brotli, as the client asks: a reporter on 3G or Tor gets the report form in a few KB.
 * Staff pages are left uncompressed: they carry a CSRF token beside text reflected from the
 * query string, the mix a BREACH attack needs to read a secret through compressed sizes.
 * Reporter pages hold no token beside reflected input an outsider could choose.
 */
function compressed() {
  return compression({
    // Quality 5 rather than the package's 4: about 4% smaller pages for well under a
    // millisecond more on a 12 KB page (the default 11 takes ~20 ms, too dear under load).
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
    filter: (req: Request, res: Response) => !req.path.startsWith('/staff') && compression.filter(req, res),
  });
}

/** The reporter's pages, where the onion address is offered (never staff pages or the API). */
export function isReporterPage(path: string): boolean {
  return path === '/' || /^\/(report|track)(\/|$)/.test(path);
}

/**
 * With ONION_ADDRESS set, Tor Browser offers the onion site through `Onion-Location` (the same
 * path there), and the safety advice shows the address (res.locals reaches every view).
 */
function onionLocation(onion: string | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (onion && isReporterPage(req.path)) {
      res.setHeader('Onion-Location', onion + req.originalUrl);
      res.locals.onionAddress = onion;
    }
    next();
  };
}

/** Browsers ask for /favicon.ico on their own: a 170-byte icon rather than an error page. */
function favicon(icon: Buffer) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/x-icon').send(icon);
  };
}

function staffOnly(isStaff: HttpSurfaceOptions['isStaff']) {
  return (req: Request, res: Response, next: NextFunction) => {
    isStaff(req).then((ok) => {
      if (ok) return next();
      if (req.originalUrl.startsWith('/api/docs-json') || !req.accepts('html')) {
        res.status(401).json({ code: 'not_signed_in', message: t(requestLang(req), 'http.not_signed_in') });
      } else {
        res.redirect(303, '/staff/login');
      }
    }, next);
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
