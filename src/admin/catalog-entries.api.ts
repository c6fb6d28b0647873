import { Body, Get, HttpCode, Param, Patch, Post, Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { CatalogService } from '../catalog';
import { CurrentStaff, Role, StaffApi, type StaffRef } from '../staff';
import './admin.i18n';

/** CatalogService's methods for one kind of entry whose arguments after the actor are `A`. */
type MethodOf<A extends unknown[]> = { [K in keyof CatalogService]: CatalogService[K] extends (me: StaffRef, ...args: A) => Promise<unknown> ? K : never }[keyof CatalogService];

/** What the admin API does with one kind of catalog entry, by CatalogService's method names, and how it reads a body. */
export interface CatalogEntries<I> {
  path: string;
  schemas: { add: object; edit: object };
  parse: (body: unknown, mode: 'add' | 'edit') => I;
  methods: { all: MethodOf<[]>; one: MethodOf<[string]>; add: MethodOf<[I]>; update: MethodOf<[string, I]>; setActive: MethodOf<[string, boolean]> };
}

/**
 * Categories and OPDs have the same admin API (list, one, add, edit, deactivate, reactivate by
 * code), so one controller serves both; each kind names its path, body schemas and service calls.
 */
export function catalogEntriesApi<I>({ path, schemas, parse, methods }: CatalogEntries<I>): Type<object> {
  // Each call names one method of its kind: the signatures are those MethodOf picked.
  type Call = (me: StaffRef, ...args: unknown[]) => Promise<unknown>;
  @StaffApi(`api/v1/admin/${path}`, 'admin', Role.Admin)
  class CatalogEntriesApiController {
    constructor(private readonly catalog: CatalogService) {}

    private call(method: keyof CatalogService, me: StaffRef, ...args: unknown[]) {
      return (this.catalog[method] as Call).call(this.catalog, me, ...args);
    }

    @Get()
    list(@CurrentStaff() me: StaffRef) {
      return this.call(methods.all, me);
    }

    @Get(':code')
    get(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
      return this.call(methods.one, me, code);
    }

    @Post()
    @ApiBody({ schema: schemas.add })
    add(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
      return this.call(methods.add, me, parse(body, 'add'));
    }

    @Patch(':code')
    @ApiBody({ schema: schemas.edit })
    update(@CurrentStaff() me: StaffRef, @Param('code') code: string, @Body() body: unknown) {
      return this.call(methods.update, me, code, parse(body, 'edit'));
    }

    @Post(':code/deactivate')
    @HttpCode(200)
    deactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
      return this.call(methods.setActive, me, code, false);
    }

    @Post(':code/reactivate')
    @HttpCode(200)
    reactivate(@CurrentStaff() me: StaffRef, @Param('code') code: string) {
      return this.call(methods.setActive, me, code, true);
    }
  }
  return CatalogEntriesApiController;
}
