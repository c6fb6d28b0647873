import { ALL_ROLES, type EscrowKeyInput, type StaffAccountChanges } from '../../staff';
import { bodySchema, BodySpec, namedSchema, readBody } from '../../platform/http/body-schema';

const ROLES_ON_EDIT =
  'The roles the member should hold. Removals and inspector or auditor apply at once; admin, supervisor and custodian become pending grants ' +
  "(`pendingGrants`) until another admin confirms them; a pending grant left out is withdrawn. Custodian is held alone. Never one's own account (403).";

/** A staff account's fields; on edit (JSON) only what changes, `opd: null` clears the OPD. */
const ACCOUNT_BODY = {
  name: { type: 'string', required: true, example: 'La Ode Pemeriksa' },
  roles: { type: 'array', required: true, items: { type: 'string', enum: ALL_ROLES }, description: ROLES_ON_EDIT },
  opd: { type: 'string', nullable: true, as: 'opdCode', example: 'DINKES', description: 'OPD code; null for none' },
} as const satisfies BodySpec;

/** A new account: its roles are the ones asked for, so the edit's note on pending grants does not apply. */
const NEW_ACCOUNT_BODY = {
  email: { type: 'string', required: true, example: 'pemeriksa@kendarikota.go.id' },
  ...ACCOUNT_BODY,
  roles: { ...ACCOUNT_BODY.roles, description: undefined },
  opd: { ...ACCOUNT_BODY.opd, description: 'OPD code' },
} as const satisfies BodySpec;

/**
 * The escrow key or its shares. Shares come as an array (API) or as the text area's text, one
 * per line (page); an item that is not text stays in place as a line that fails to read, so the
 * error names its position.
 */
const ESCROW_BODY = {
  escrow_key: { type: 'string', as: 'key', description: 'The escrow private key (base64, as in its key file). Never stored or logged. Give this or escrow_shares.' },
  escrow_shares: {
    type: 'array',
    as: 'shares',
    items: { type: 'string' },
    read: (raw: unknown): string[] =>
      raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw.map((x) => (typeof x === 'string' ? x : '?')) : typeof raw === 'string' ? raw.split(/\r?\n/) : ['?'],
    description: 'At least the needed shares of the escrow key (`npm run cli -- escrow:split`), one per item, each as printed (wbs-escrow-v1:…). Give this or escrow_key.',
  },
} as const satisfies BodySpec;

export const STAFF_ACCOUNT_SCHEMAS = {
  add: namedSchema('CreateStaffAccountDto', bodySchema(NEW_ACCOUNT_BODY, 'add')),
  edit: namedSchema('UpdateStaffAccountDto', bodySchema(ACCOUNT_BODY, 'edit')),
  escrowReset: namedSchema('EscrowResetDto', bodySchema(ESCROW_BODY, 'edit')),
};

export function parseNewStaffAccount(body: unknown): { email: string; name: string; roles: string[]; opdCode: string | null } {
  return readBody(NEW_ACCOUNT_BODY, body, 'add');
}

/** From a form every field is there (no ticked role means none); from the JSON API only what changes. */
export function parseStaffAccountChanges(body: unknown, from: 'form' | 'api'): StaffAccountChanges {
  return readBody(ACCOUNT_BODY, body, from === 'form' ? 'add' : 'edit');
}

export function escrowInputOf(body: unknown): EscrowKeyInput {
  return readBody(ESCROW_BODY, body, 'add');
}
