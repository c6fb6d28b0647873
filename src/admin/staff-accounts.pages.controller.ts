import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CatalogService } from '../catalog';
import { requestLang } from '../platform/http/request-lang';
import { t } from '../platform/i18n/i18n';
import { AuthService } from '../staff';
import { CurrentStaff } from '../staff';
import { Roles, StaffAuthGuard } from '../staff';
import { ALL_ROLES, needsConfirmation, Role } from '../staff';
import type { StaffRef } from '../staff';
import { PendingGrantView, StaffAccountView, StaffService } from '../staff';
import { adminPage, formErrors, isFormError } from './admin-page';
import { escrowInputOf, parseNewStaffAccount, parseStaffAccountChanges } from './dto/staff-account.dto';

interface AccountForm {
  email?: string;
  name: string;
  roles: string[];
  opdCode: string | null;
}

/** Staff accounts for admins: list, add, edit, (de)activate, reset through escrow. */
@ApiExcludeController()
@Controller('staff/admin')
@UseGuards(StaffAuthGuard)
@Roles(Role.Admin)
export class StaffAccountsPagesController {
  constructor(
    private readonly staff: StaffService,
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  home(@Res() res: Response) {
    res.redirect(303, '/staff/admin/staff');
  }

  @Get('staff')
  async list(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    const accounts = await this.staff.listAccounts(me);
    const opdNames = new Map((await this.catalog.allOpds(me)).map((o) => [o.code, o.name]));
    res.render(
      'admin/staff-list',
      adminPage(this.auth, me, req, 'staff', t(requestLang(req), 'admin.staff_title'), {
        accounts: accounts.map((a) => ({ ...a, opdName: a.opdCode ? (opdNames.get(a.opdCode) ?? a.opdCode) : null, isMe: a.id === me.id })),
        pendingGrants: accounts.flatMap((a) => a.pendingGrants.map((g) => grantRow(me, a, g))),
      }),
    );
  }

  @Get('staff/new')
  async newForm(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response) {
    await this.renderNew(me, req, res, 200, { email: '', name: '', roles: [], opdCode: null }, {});
  }

  @Post('staff')
  async create(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Body() body: unknown) {
    const input = parseNewStaffAccount(body);
    try {
      const created = await this.staff.createAccount(me, input);
      res.status(200).render('admin/one-time-password', adminPage(this.auth, me, req, 'staff', t(requestLang(req), 'admin.otp_title'), { ...created, reason: 'created' }));
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderNew(me, req, res, e.status, input, formErrors(e, requestLang(req)));
    }
  }

  @Get('staff/:id')
  async edit(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    await this.renderEdit(me, req, res, id, 200, null, { saved: saved === '1' });
  }

  @Post('staff/:id')
  async update(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseStaffAccountChanges(body, 'form');
    try {
      await this.staff.updateAccount(me, id, input);
      res.redirect(303, `/staff/admin/staff/${id}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, id, e.status, input as AccountForm, formErrors(e, requestLang(req)));
    }
  }

  @Post('staff/:id/role-grants/:grantId/confirm')
  async confirmGrant(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    await this.decideGrant(req, res, me, id, () => this.staff.confirmGrant(me, id, grantId));
  }

  @Post('staff/:id/role-grants/:grantId/reject')
  async rejectGrant(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    await this.decideGrant(req, res, me, id, () => this.staff.rejectGrant(me, id, grantId));
  }

  @Post('staff/:id/deactivate')
  async deactivate(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.setActive(me, req, res, id, false);
  }

  @Post('staff/:id/reactivate')
  async reactivate(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    await this.setActive(me, req, res, id, true);
  }

  @Post('staff/:id/two-factor-reset')
  async resetTwoFactor(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string) {
    try {
      await this.staff.resetTwoFactor(me, id);
      res.redirect(303, `/staff/admin/staff/${id}`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, id, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  @Post('staff/:id/password-reset')
  async resetPassword(@CurrentStaff() me: StaffRef, @Req() req: Request, @Res() res: Response, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    try {
      const reset = await this.staff.resetPasswordWithEscrow(me, id, escrowInputOf(body));
      res.status(200).render('admin/one-time-password', adminPage(this.auth, me, req, 'staff', t(requestLang(req), 'admin.otp_title'), { ...reset, reason: 'reset' }));
    } catch (e) {
      if (!isFormError(e)) throw e;
      // The key typed in is never echoed back into the page.
      await this.renderEdit(me, req, res, id, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async decideGrant(req: Request, res: Response, me: StaffRef, id: string, decide: () => Promise<unknown>) {
    try {
      await decide();
      res.redirect(303, `/staff/admin/staff/${id}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, id, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async setActive(me: StaffRef, req: Request, res: Response, id: string, active: boolean) {
    try {
      await this.staff.setAccountActive(me, id, active);
      res.redirect(303, `/staff/admin/staff/${id}?saved=1`);
    } catch (e) {
      if (!isFormError(e)) throw e;
      await this.renderEdit(me, req, res, id, e.status, null, formErrors(e, requestLang(req)));
    }
  }

  private async renderNew(me: StaffRef, req: Request, res: Response, status: number, form: AccountForm, extra: Record<string, unknown>) {
    res.status(status).render(
      'admin/staff-new',
      adminPage(this.auth, me, req, 'staff', t(requestLang(req), 'admin.new_staff_title'), {
        v: form,
        roleChoices: roleChoices(form.roles),
        opds: await this.opdChoices(me, form.opdCode, null),
        ...extra,
      }),
    );
  }

  /** `posted`: what the admin typed, shown again after an error instead of the stored values. */
  private async renderEdit(me: StaffRef, req: Request, res: Response, id: string, status: number, posted: AccountForm | null, extra: Record<string, unknown>) {
    const account: StaffAccountView = await this.staff.account(me, id);
    const pendingRoles = account.pendingGrants.map((g) => g.role);
    // A pending grant is part of what the admin wants: ticked, and unticking it withdraws it.
    const form = posted ?? { name: account.name, roles: [...account.roles, ...pendingRoles], opdCode: account.opdCode };
    res.status(status).render(
      'admin/staff-edit',
      adminPage(this.auth, me, req, 'staff', account.name, {
        account,
        isMe: account.id === me.id,
        v: form,
        // One's own roles and OPD are shown, not offered: they are sent back unchanged.
        ownRoles: [...account.roles, ...pendingRoles],
        pendingGrants: account.pendingGrants.map((g) => grantRow(me, account, g)),
        roleChoices: roleChoices(form.roles, pendingRoles),
        opds: await this.opdChoices(me, form.opdCode, account.opdCode),
        ...extra,
      }),
    );
  }

  /** Active OPDs, plus the member's current one if it has since been deactivated. */
  private async opdChoices(me: StaffRef, selected: string | null, current: string | null) {
    return (await this.catalog.allOpds(me)).filter((o) => o.active || o.code === selected || o.code === current).map((o) => ({ code: o.code, name: o.name, selected: o.code === selected }));
  }
}

function roleChoices(selected: string[], pending: string[] = []) {
  return ALL_ROLES.map((role) => ({ role, checked: selected.includes(role), pending: pending.includes(role), needsConfirmation: needsConfirmation(role) }));
}

/** A pending grant as the pages show it: who may confirm it, who may reject or withdraw it. */
function grantRow(me: StaffRef, account: StaffAccountView, g: PendingGrantView) {
  const forMe = account.id === me.id;
  const mine = g.proposedBy.id === me.id;
  return { ...g, staffId: account.id, staffName: account.name, staffEmail: account.email, mine, forMe, mayConfirm: !forMe && !mine, mayReject: !forMe };
}
