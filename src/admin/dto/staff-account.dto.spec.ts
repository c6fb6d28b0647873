import { parseNewStaffAccount, parseStaffAccountChanges } from './staff-account.dto';
import { parseCategory } from './catalog.dto';

describe('admin input parsing', () => {
  it('reads a form: one ticked role is a string, none ticked is no roles, an empty OPD is none', () => {
    expect(parseStaffAccountChanges({ name: 'A', roles: 'supervisor', opd: '' }, 'form')).toEqual({ name: 'A', roles: ['supervisor'], opdCode: null });
    expect(parseStaffAccountChanges({ name: 'A' }, 'form')).toEqual({ name: 'A', roles: [], opdCode: null });
  });

  it('reads a JSON patch: a missing field stays unchanged, null clears the OPD', () => {
    expect(parseStaffAccountChanges({ opd: null }, 'api')).toEqual({ name: undefined, roles: undefined, opdCode: null });
    expect(parseStaffAccountChanges({ roles: ['admin', ' auditor '] }, 'api')).toEqual({ name: undefined, roles: ['admin', 'auditor'], opdCode: undefined });
  });

  it('turns values of the wrong type into text that fails validation, never into a silent default', () => {
    expect(parseNewStaffAccount({ email: 42, name: ['x'], roles: [7], opd: 5 })).toEqual({ email: '', name: '', roles: ['7'], opdCode: '5' });
    expect(parseNewStaffAccount('not an object')).toEqual({ email: '', name: '', roles: [], opdCode: null });
  });

  it('treats a missing category field as empty when adding and as unchanged when editing', () => {
    expect(parseCategory({ code: 'x' }, 'add')).toEqual({ code: 'x', nameId: '', nameEn: '', descriptionId: '', descriptionEn: '' });
    expect(parseCategory({ name_en: 'New' }, 'edit')).toEqual({ code: undefined, nameId: undefined, nameEn: 'New', descriptionId: undefined, descriptionEn: undefined });
  });
});
