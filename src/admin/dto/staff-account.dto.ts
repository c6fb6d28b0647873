import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALL_ROLES } from '../../staff';
import type { EscrowKeyInput } from '../../staff';
import type { StaffAccountChanges } from '../../staff';
import { asBody, codeField, listField, textField } from '../../platform/http/body-fields';

export class CreateStaffAccountDto {
  @ApiProperty({ example: 'pemeriksa@kendarikota.go.id' }) email: string;
  @ApiProperty({ example: 'La Ode Pemeriksa' }) name: string;
  @ApiProperty({ enum: ALL_ROLES, isArray: true }) roles: string[];
  @ApiPropertyOptional({ nullable: true, example: 'DINKES', description: 'OPD code' }) opd?: string | null;
}

export class UpdateStaffAccountDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({
    enum: ALL_ROLES,
    isArray: true,
    description:
      'The roles the member should hold. Removals and inspector or auditor apply at once; admin, supervisor and custodian become pending grants ' +
      "(`pendingGrants`) until another admin confirms them; a pending grant left out is withdrawn. Custodian is held alone. Never one's own account (403).",
  })
  roles?: string[];
  @ApiPropertyOptional({ nullable: true, description: 'OPD code; null for none' }) opd?: string | null;
}

export class EscrowResetDto {
  @ApiPropertyOptional({ description: 'The escrow private key (base64, as in its key file). Never stored or logged. Give this or escrow_shares.' }) escrow_key?: string;
  @ApiPropertyOptional({
    type: [String],
    description: 'At least the needed shares of the escrow key (`npm run cli -- escrow:split`), one per item, each as printed (wbs-escrow-v1:…). Give this or escrow_key.',
  })
  escrow_shares?: string[];
}

export function parseNewStaffAccount(body: unknown): { email: string; name: string; roles: string[]; opdCode: string | null } {
  const b = asBody(body);
  return { email: textField(b, 'email', ''), name: textField(b, 'name', ''), roles: listField(b, 'roles', []), opdCode: codeField(b, 'opd', null) };
}

/** From a form every field is there (no ticked role means none); from the JSON API only what changes. */
export function parseStaffAccountChanges(body: unknown, from: 'form' | 'api'): StaffAccountChanges {
  const b = asBody(body);
  if (from === 'form') return { name: textField(b, 'name', ''), roles: listField(b, 'roles', []), opdCode: codeField(b, 'opd', null) };
  return { name: textField(b, 'name', undefined), roles: listField(b, 'roles', undefined), opdCode: codeField(b, 'opd', undefined) };
}

/**
 * The escrow key or its shares. Shares come as an array (API) or as the text area's text, one
 * per line (page); an item that is not text stays in place as a line that fails to read, so the
 * error names its position.
 */
export function escrowInputOf(body: unknown): EscrowKeyInput {
  const b = asBody(body);
  const raw = b.escrow_shares;
  const shares = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw.map((x) => (typeof x === 'string' ? x : '?')) : typeof raw === 'string' ? raw.split(/\r?\n/) : ['?'];
  return { key: textField(b, 'escrow_key', ''), shares };
}
