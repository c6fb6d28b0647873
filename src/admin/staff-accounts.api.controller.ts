import { Body, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { escrowInputOf, parseNewStaffAccount, parseStaffAccountChanges, STAFF_ACCOUNT_SCHEMAS } from './dto/staff-account.dto';
import './admin.i18n';
import { CurrentStaff, Role, StaffApi, StaffService, type StaffRef } from '../staff';

@StaffApi('api/v1/admin/staff', 'admin', Role.Admin)
export class StaffAccountsApiController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  list(@CurrentStaff() me: StaffRef) {
    return this.staff.listAccounts(me);
  }

  @Get(':id')
  get(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.staff.account(me, id);
  }

  /** Answers the one-time password once; it is stored nowhere in clear. */
  @Post()
  @ApiBody({ schema: STAFF_ACCOUNT_SCHEMAS.add })
  create(@CurrentStaff() me: StaffRef, @Body() body: unknown) {
    return this.staff.createAccount(me, parseNewStaffAccount(body));
  }

  @Patch(':id')
  @ApiBody({ schema: STAFF_ACCOUNT_SCHEMAS.edit })
  update(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.staff.updateAccount(me, id, parseStaffAccountChanges(body, 'api'));
  }

  /** A second admin confirms a pending grant of admin, supervisor or custodian. */
  @Post(':id/role-grants/:grantId/confirm')
  @HttpCode(200)
  confirmGrant(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.staff.confirmGrant(me, id, grantId);
  }

  /** Another admin rejects a pending grant, or its proposer withdraws it. */
  @Post(':id/role-grants/:grantId/reject')
  @HttpCode(200)
  rejectGrant(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string) {
    return this.staff.rejectGrant(me, id, grantId);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.staff.setAccountActive(me, id, false);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.staff.setAccountActive(me, id, true);
  }

  @Post(':id/two-factor-reset')
  @HttpCode(200)
  resetTwoFactor(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string) {
    return this.staff.resetTwoFactor(me, id);
  }

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiBody({ schema: STAFF_ACCOUNT_SCHEMAS.escrowReset })
  resetPassword(@CurrentStaff() me: StaffRef, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown) {
    return this.staff.resetPasswordWithEscrow(me, id, escrowInputOf(body));
  }
}
