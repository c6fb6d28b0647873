import { textInputErrors, textProblem } from './text-input';

describe('text input', () => {
  it('refuses NUL and lone surrogates in any field, and keeps paired surrogates (emoji)', () => {
    expect(textProblem('a\u0000b', false)).toBe('input.nul_character');
    expect(textProblem('a\ud800b', false)).toBe('input.lone_surrogate');
    expect(textProblem('a\udc00', false)).toBe('input.lone_surrogate');
    expect(textProblem('\udc00\ud800', false)).toBe('input.lone_surrogate');
    expect(textProblem('pungli 😡 di loket', true)).toBeNull();
    expect(textProblem('baris satu\nbaris dua', false)).toBeNull();
  });

  it('refuses line breaks in single-line fields only', () => {
    expect(textProblem('Judul\r\nBcc: x', true)).toBe('input.line_break');
    expect(textProblem('a\u2028b', true)).toBe('input.line_break');
    expect(textInputErrors({ title: 'a\nb', description: 'a\nb', label: { id: 'x\ry', en: 'ok' }, answers: { q1: 'x\u0000' } })).toEqual([
      { field: 'title', message: 'input.line_break' },
      { field: 'label.id', message: 'input.line_break' },
      { field: 'answers.q1', message: 'input.nul_character' },
    ]);
  });

  it('names the field of a value inside a list', () => {
    expect(textInputErrors({ roles: ['admin', 'x\u0000'] })).toEqual([{ field: 'roles', message: 'input.nul_character' }]);
  });
});
