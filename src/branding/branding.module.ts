import { Global, Module, OnModuleInit } from '@nestjs/common';
import { registerBrandHelpers } from './brand-helpers';
import { BrandingAssetsController } from './branding-assets.controller';
import { BrandingRepository } from './branding.repository';
import { BrandingService } from './branding.service';

/**
 * The inspectorate's own name, contact details, texts and logo (issue 16). Admins edit them
 * through the admin module's pages and API; every page, mail and PDF reads them from BrandingService.
 */
@Global()
@Module({ controllers: [BrandingAssetsController], providers: [BrandingService, BrandingRepository], exports: [BrandingService] })
export class BrandingModule implements OnModuleInit {
  onModuleInit(): void {
    registerBrandHelpers();
  }
}
