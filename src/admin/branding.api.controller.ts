import { Body, Delete, Get, HttpCode, Patch, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { BrandingService } from '../branding';
import { LOGO_MAX_BYTES } from '../branding';
import { BRANDING_SCHEMA, parseBranding } from './dto/branding.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';

/** The inspectorate's name, contact details, page texts and logo (README, "The inspectorate's own name and words"). */
@StaffApi('api/v1/admin/branding', 'admin', Role.Admin)
export class BrandingApiController {
  constructor(private readonly branding: BrandingService) {}

  @Get()
  @ApiOperation({ summary: 'Every value (defaults filled in) and the logo: `{ values: { org_name_id, … }, logo: { type, url } | null }`' })
  get(@CurrentStaff() me: StaffRef) {
    return this.branding.settings(me);
  }

  @Patch()
  @ApiBody({ schema: BRANDING_SCHEMA })
  @ApiOperation({ summary: 'Changes the values given; 400 `{ errors: [{ field, message }] }` (too long, required, bad link scheme, bad phone) and nothing stored' })
  update(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.branding.update(me, parseBranding(body), null);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiBody({ schema: BRANDING_SCHEMA })
  @ApiOperation({ summary: 'The texts rendered as the public pages would show them, per language (`{ brand: { logoUrl, id: {…}, en: {…} } }`); stores nothing' })
  async preview(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    const { brand } = await this.branding.preview(me, parseBranding(body), null);
    return { brand };
  }

  @Put('logo')
  @ApiConsumes('image/png', 'image/svg+xml')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOperation({
    summary: `Replaces the logo with the request body: a PNG or SVG of at most ${LOGO_MAX_BYTES / 1024} KB, sides of 16 to 1024 pixels, checked by content. An SVG is rebuilt from an allow-list (no script, event handler, style, link, foreignObject or outside reference). 400 \`{ errors: [{ field: "logo", message }] }\` and nothing stored otherwise.`,
  })
  async replaceLogo(@CurrentStaff() me: StaffRef, @Req() req: Request) {
    return this.branding.update(me, {}, { upload: await readBody(req, LOGO_MAX_BYTES + 1) });
  }

  @Delete('logo')
  @ApiOperation({ summary: 'Goes back to the built-in logo' })
  removeLogo(@CurrentStaff() me: StaffRef) {
    return this.branding.update(me, {}, { remove: true });
  }
}

/** The raw request body, cut at `max` bytes (the logo check then refuses it as too large). */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size >= max) continue; // read to the end so the client gets its answer
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, max);
}
