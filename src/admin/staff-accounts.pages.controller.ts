import { Body, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CatalogService } from '../catalog';
import { formErrors } from '../platform/http/form-errors';
import { RequestLang } from '../platform/http/request-lang';
import { Lang, t } from '../platform/i18n/i18n';
import { redirect } from '../platform/views/page';
import { CurrentStaff } from '../staff';
import { StaffPages } from '../staff';
import { ALL_ROLES, needsConfirmation, Role } from '../staff';
import type { StaffRef } from '../staff';
import { PendingGrantView, StaffAccountView, StaffService } from '../staff';
import { adminPage, isFormError } from './admin-page';
import { escrowInputOf, parseNewStaffAccount, parseStaffAccountChanges } from './dto/staff-account.dto';

interface AccountForm {
  email?: string;
  name: string;
  roles: string[];
  opdCode: string | null;
}

/** Staff accounts for admins: list, add, edit, (de)activate, reset through escrow. */
@StaffPages('staff/admin', Role.Admin)
export class StaffAccountsPagesController {
  constructor(
    private readonly staff: StaffService,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  home() {
    return redirect('/staff/admin/staff');
  }

  @Get('staff')
  async list(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang) {
    const accounts = await this.staff.listAccounts(me);
    const opdNames = new Map((await this.catalog.allOpds(me)).map((o) => [o.code, o.name]));
    return adminPage('admin/staff-list', 'staff', t(lang, 'admin.staff_title'), {
      accounts: accounts.map((a) => ({ ...a, opdName: a.opdCode ? (opdNames.get(a.opdCode) ?? a.opdCode) : null, isMe: a.id === me.id })),
      pendingGrants: accounts.flatMap((a) => a.pendingGrants.map((g) => grantRow(me, a, g))),
    });
  }

  @Get('staff/new')
  newForm(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang) {
    return this.newPage(me, lang, 200, { email: '', name: '', roles: [], opdCode: null }, {});
  }

  @Post('staff')
  async create(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Body() body: unknown) {
    const input = parseNewStaffAccount(body);
    try {
      const created = await this.staff.createAccount(me, input);
      return adminPage('admin/one-time-password', 'staff', t(lang, 'admin.otp_title'), { ...created, reason: 'created' });
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.newPage(me, lang, e.status, input, formErrors(e, lang));
    }
  }

  @Get('staff/:id')
  edit(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Query('saved') saved?: string) {
    return this.editPage(me, id, 200, null, { saved: saved === '1' });
  }

  @Post('staff/:id')
  update(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    const input = parseStaffAccountChanges(body, 'form');
    return this.change(me, lang, id, `/staff/admin/staff/${id}?saved=1`, () => this.staff.updateAccount(me, id, input), input as AccountForm);
  }

  @Post('staff/:id/role-grants/:grantId/confirm')
  confirmGrant(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.change(me, lang, id, `/staff/admin/staff/${id}?saved=1`, () => this.staff.confirmGrant(me, id, grantId));
  }

  @Post('staff/:id/role-grants/:grantId/reject')
  rejectGrant(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.change(me, lang, id, `/staff/admin/staff/${id}?saved=1`, () => this.staff.rejectGrant(me, id, grantId));
  }

  @Post('staff/:id/deactivate')
  deactivate(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(me, lang, id, `/staff/admin/staff/${id}?saved=1`, () => this.staff.setAccountActive(me, id, false));
  }

  @Post('staff/:id/reactivate')
  reactivate(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(me, lang, id, `/staff/admin/staff/${id}?saved=1`, () => this.staff.setAccountActive(me, id, true));
  }

  @Post('staff/:id/two-factor-reset')
  resetTwoFactor(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string) {
    return this.change(me, lang, id, `/staff/admin/staff/${id}`, () => this.staff.resetTwoFactor(me, id));
  }

  @Post('staff/:id/password-reset')
  async resetPassword(@CurrentStaff() me: StaffRef, @RequestLang() lang: Lang, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    try {
      const reset = await this.staff.resetPasswordWithEscrow(me, id, escrowInputOf(body));
      return adminPage('admin/one-time-password', 'staff', t(lang, 'admin.otp_title'), { ...reset, reason: 'reset' });
    } catch (e) {
      if (!isFormError(e)) throw e;
      // The key typed in is never echoed back into the page.
      return this.editPage(me, id, e.status, null, formErrors(e, lang));
    }
  }

  /**
   * One change to an account: back to `done` when made, else the account's page again with the
   * error (and what was `posted`, if the change came from its form).
   */
  private async change(me: StaffRef, lang: Lang, id: string, done: string, run: () => Promise<unknown>, posted: AccountForm | null = null) {
    try {
      await run();
      return redirect(done);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return this.editPage(me, id, e.status, posted, formErrors(e, lang));
    }
  }

  private async newPage(me: StaffRef, lang: Lang, status: number, form: AccountForm, extra: Record<string, unknown>) {
    const model = { v: form, roleChoices: roleChoices(form.roles), opds: await this.opdChoices(me, form.opdCode, null), ...extra };
    return adminPage('admin/staff-new', 'staff', t(lang, 'admin.new_staff_title'), model, status);
  }

  /** `posted`: what the admin typed, shown again after an error instead of the stored values. */
  private async editPage(me: StaffRef, id: string, status: number, posted: AccountForm | null, extra: Record<string, unknown>) {
    const account: StaffAccountView = await this.staff.account(me, id);
    const pendingRoles = account.pendingGrants.map((g) => g.role);
    // A pending grant is part of what the admin wants: ticked, and unticking it withdraws it.
    const form = posted ?? { name: account.name, roles: [...account.roles, ...pendingRoles], opdCode: account.opdCode };
    return adminPage(
      'admin/staff-edit',
      'staff',
      account.name,
      {
        account,
        isMe: account.id === me.id,
        v: form,
        // One's own roles and OPD are shown, not offered: they are sent back unchanged.
        ownRoles: [...account.roles, ...pendingRoles],
        pendingGrants: account.pendingGrants.map((g) => grantRow(me, account, g)),
        roleChoices: roleChoices(form.roles, pendingRoles),
        opds: await this.opdChoices(me, form.opdCode, account.opdCode),
        ...extra,
      },
      status,
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
