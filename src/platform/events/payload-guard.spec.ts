import { UnsafeEventPayload } from './events.errors';
import { assertSafePayload, keyWords } from './payload-guard';

describe('assertSafePayload', () => {
  it('accepts ids and clear metadata', () => {
    expect(() =>
      assertSafePayload({
        caseId: '7f1c2d9e-0000-4000-8000-000000000000',
        categoryCode: 'corruption',
        anonymous: true,
        attachmentCount: 2,
        assigneeIds: ['a', 'b'],
        deadline: { kind: 'verification', dueOn: '2026-01-05' },
        opdCode: null,
        optional: undefined,
      }),
    ).not.toThrow();
  });

  it.each(['body', 'description', 'narrative', 'name', 'email', 'phone', 'receipt', 'title'])('refuses a key named %s', (key) => {
    expect(() => assertSafePayload({ caseId: 'x', [key]: 'secret' })).toThrow(UnsafeEventPayload);
  });

  it.each(['reporterEmail', 'reporter_name', 'case-title', 'RECEIPT_CODE', 'messageBody', 'phoneNumber'])('refuses %s, which contains a content word', (key) => {
    expect(() => assertSafePayload({ [key]: 'secret' })).toThrow(UnsafeEventPayload);
  });

  it('refuses content keys nested in objects and arrays, naming the path but never the value', () => {
    const attempt = () => assertSafePayload({ caseId: 'x', parties: [{ staffId: 's', email: 'pelapor@example.org' }] });
    expect(attempt).toThrow(/\$\.parties\[0\]\.email/);
    expect(attempt).not.toThrow(/pelapor@example\.org/);
  });

  it('does not mistake words that merely contain a content word', () => {
    expect(() => assertSafePayload({ renamedAt: '2026-01-01', subtitleCount: 1, embodied: true })).not.toThrow();
  });

  it.each([
    ['a Date', { at: new Date() }],
    ['a bigint', { n: BigInt(1) }],
    ['a function', { f: () => 1 }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', { n: Number.POSITIVE_INFINITY }],
    ['a class instance', { m: new Map() }],
    ['undefined in an array', { ids: ['a', undefined] }],
  ])('refuses %s, which does not survive JSON unchanged', (_label, payload) => {
    expect(() => assertSafePayload(payload as never)).toThrow(UnsafeEventPayload);
  });

  it('refuses a payload that is not a plain object', () => {
    expect(() => assertSafePayload(['caseId'] as never)).toThrow(UnsafeEventPayload);
    expect(() => assertSafePayload(null as never)).toThrow(UnsafeEventPayload);
  });
});

describe('keyWords', () => {
  it('splits camelCase, snake_case, kebab-case and acronyms', () => {
    expect(keyWords('reporterEmailAddress')).toEqual(['reporter', 'email', 'address']);
    expect(keyWords('reporter_email')).toEqual(['reporter', 'email']);
    expect(keyWords('case-title')).toEqual(['case', 'title']);
    expect(keyWords('OPDName')).toEqual(['opd', 'name']);
  });
});
