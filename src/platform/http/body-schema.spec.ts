import { bodySchema, BodySpec, readBody } from './body-schema';
import { ValidationFailed } from './domain-error';

const SPEC = {
  code: { type: 'string', required: true, example: 'x1', description: 'Immutable' },
  name_id: { type: 'string', required: true, as: 'nameId', maxLength: 10 },
  roles: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
  opd: { type: 'string', nullable: true, as: 'opdCode' },
  days: { type: 'integer', minimum: 1, maximum: 9 },
} as const satisfies BodySpec;

describe('body schema', () => {
  it('reads an add body: a missing field is empty, a value of another type is one the service refuses', () => {
    expect(readBody(SPEC, { code: 7, roles: 'a', opd: ' ', days: 1.5 }, 'add')).toEqual({ code: '', nameId: '', roles: ['a'], opdCode: null, days: '1.5' });
    expect(readBody(SPEC, { roles: [' b ', 3], opd: 5, days: true }, 'add')).toEqual({ code: '', nameId: '', roles: ['b', '3'], opdCode: '5', days: '?' });
    expect(readBody(SPEC, 'not an object', 'add')).toEqual({ code: '', nameId: '', roles: [], opdCode: null, days: '' });
  });

  it('reads an edit body: a missing field stays unchanged, null clears a nullable one', () => {
    expect(readBody(SPEC, { opd: null }, 'edit')).toEqual({ code: undefined, nameId: undefined, roles: undefined, opdCode: null, days: undefined });
  });

  it('checks only the fields that declare their errors, in field order', () => {
    const spec = {
      email: { type: 'string', trim: true, maxLength: 5, errors: { required: 'e.required', tooLong: 'e.long' } },
      password: { type: 'string', maxLength: 3, errors: { required: 'p.required', tooLong: 'p.long' } },
      note: { type: 'string', maxLength: 1 },
    } as const satisfies BodySpec;
    expect(readBody(spec, { email: ' a@b ', password: 'x', note: 'long' }, 'add')).toEqual({ email: 'a@b', password: 'x', note: 'long' });
    try {
      readBody(spec, { email: '  ', password: 'toolong' }, 'add');
      throw new Error('no error');
    } catch (e) {
      expect((e as ValidationFailed).errors).toEqual([
        { field: 'email', message: 'e.required' },
        { field: 'password', message: 'p.long', params: { max: 3 } },
      ]);
    }
  });

  it('describes the same fields in the OpenAPI document, required only on add', () => {
    expect(bodySchema(SPEC, 'add')).toEqual({
      type: 'object',
      required: ['code', 'name_id'],
      properties: {
        code: { type: 'string', example: 'x1', description: 'Immutable' },
        name_id: { type: 'string', maxLength: 10 },
        roles: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
        opd: { type: 'string', nullable: true },
        days: { type: 'integer', minimum: 1, maximum: 9 },
      },
    });
    expect(bodySchema(SPEC, 'edit').required).toBeUndefined();
  });
});
