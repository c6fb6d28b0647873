import { Conflict, DomainError, errorKind, FieldErrors, Forbidden, NotFound, ValidationFailed } from './domain-error';

class ThingNotFound extends NotFound.withMessage('things.not_found') {}
class NameTaken extends Conflict.withMessage('things.name_taken', { field: 'name' }) {}
class ThingsClosed extends errorKind('things_closed', 503).withMessage('things.closed') {}
class ThingTooBig extends errorKind('thing_too_big', 413) {
  constructor(max: number) {
    super('things.too_big', { field: 'thing', params: { max } });
  }
}

describe(DomainError.name, () => {
  it('declares an error of a kind in one line: its own name, the kind, the code, the status and the message', () => {
    const e = new ThingNotFound();
    expect(e).toBeInstanceOf(ThingNotFound);
    expect(e).toBeInstanceOf(NotFound);
    expect(e).toBeInstanceOf(DomainError);
    expect(e).not.toBeInstanceOf(Conflict);
    expect({ name: e.name, code: e.code, status: e.status, message: e.message, field: e.field }).toEqual({
      name: 'ThingNotFound',
      code: 'not_found',
      status: 404,
      message: 'things.not_found',
      field: undefined,
    });
    expect(new NameTaken()).toMatchObject({ name: 'NameTaken', code: 'conflict', status: 409, message: 'things.name_taken', field: 'name' });
  });

  it('gives a kind of its own a stable code and status', () => {
    expect(new ThingsClosed()).toMatchObject({ name: 'ThingsClosed', code: 'things_closed', status: 503, message: 'things.closed' });
    expect(new ThingTooBig(5)).toMatchObject({ name: 'ThingTooBig', code: 'thing_too_big', status: 413, field: 'thing', params: { max: 5 } });
    expect(new ThingsClosed()).not.toBeInstanceOf(ThingTooBig);
  });

  it('says the kind’s own message when none is given', () => {
    expect(new Forbidden()).toMatchObject({ name: 'Forbidden', code: 'forbidden', status: 403, message: 'http.forbidden' });
    expect(new Forbidden('things.not_yours')).toMatchObject({ message: 'things.not_yours' });
  });
});

describe(FieldErrors.name, () => {
  it('throws nothing while no error was added', () => {
    const errors = new FieldErrors();
    expect(errors.any).toBe(false);
    expect(() => errors.throwIfAny()).not.toThrow();
  });

  it('throws every error together, in the order found, with their params', () => {
    const errors = new FieldErrors().add('name', 'things.name_required').addAll([{ field: 'size', message: 'things.too_big', params: { max: 5 } }]);
    errors.add('colour', 'things.colour_invalid');
    expect(errors.any).toBe(true);
    let thrown: unknown;
    try {
      errors.throwIfAny();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ValidationFailed);
    expect((thrown as ValidationFailed).errors).toStrictEqual([
      { field: 'name', message: 'things.name_required' },
      { field: 'size', message: 'things.too_big', params: { max: 5 } },
      { field: 'colour', message: 'things.colour_invalid' },
    ]);
  });

  it('throws the caller’s own kind of validation error where one is given', () => {
    class FormRejected extends ValidationFailed {}
    const errors = new FieldErrors().add('name', 'things.name_required');
    expect(() => errors.throwIfAny((list) => new FormRejected(list))).toThrow(FormRejected);
  });
});
