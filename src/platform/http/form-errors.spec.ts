import { Conflict, NotFound, ValidationFailed } from './domain-error';
import { fieldErrors, formErrors, isCorrectable, isInputError } from './form-errors';
import './http.i18n';

class Refused extends Conflict {}

describe(fieldErrors.name, () => {
  it('puts each input error beside its field, in the page language', () => {
    const e = new ValidationFailed([{ field: 'reason', message: 'http.internal_error', params: { requestId: 'r-5' } }]);
    expect(fieldErrors(e, 'en')).toEqual([{ field: 'reason', message: 'Something went wrong on our side. Incident code: r-5. Nothing was partly saved.' }]);
  });

  it('puts an error without a field beside the fallback box', () => {
    expect(fieldErrors(new Refused('not a key'), 'id')).toEqual([{ field: 'form', message: 'not a key' }]);
    expect(fieldErrors(new Refused('not a key'), 'id', 'rating')).toEqual([{ field: 'rating', message: 'not a key' }]);
    expect(fieldErrors(new Refused('not a key', { field: 'body' }), 'id', 'rating')).toEqual([{ field: 'body', message: 'not a key' }]);
  });
});

describe(formErrors.name, () => {
  it('shows an error of the whole form on top, with no field errors', () => {
    expect(formErrors(new Refused('not a key'), 'id')).toEqual({ errors: [], message: 'not a key' });
  });
});

describe(isCorrectable.name, () => {
  it('accepts bad input and refused changes, not a missing page or a fault', () => {
    expect(isCorrectable(new ValidationFailed([]))).toBe(true);
    expect(isCorrectable(new Refused('x'))).toBe(true);
    expect(isCorrectable(new NotFound())).toBe(false);
    expect(isCorrectable(new Error('boom'))).toBe(false);
  });
});

describe(isInputError.name, () => {
  it('is bad input or a conflict only', () => {
    expect(isInputError(new ValidationFailed([]))).toBe(true);
    expect(isInputError(new Refused('x'))).toBe(true);
    expect(isInputError(new NotFound())).toBe(false);
  });
});
