import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotFound } from '../platform/http/domain-error';
import { BrandingService } from './branding.service';

const FILE = /^([0-9a-f]{16})\.(png|svg)$/;

/**
 * The uploaded logo. Its URL names its content's hash, so browsers keep it for a year and a new
 * logo is a new URL. An SVG gets a policy of its own on top of the site's: opened directly it is
 * a sandboxed document that can run nothing (the file is already cleaned; this is depth).
 */
@ApiExcludeController()
@Controller('branding/logo')
export class BrandingAssetsController {
  constructor(private readonly branding: BrandingService) {}

  @Get(':file')
  async logo(@Param('file') file: string, @Res() res: Response) {
    const [, hash, ext] = FILE.exec(file) ?? [];
    const logo = hash ? await this.branding.logo(hash) : null;
    if (!logo || (ext === 'png') !== (logo.type === 'image/png')) throw new NotFound();
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.type(logo.type).send(logo.bytes);
  }
}
