import { ValidationFailed } from '../../platform/http/domain-error';
import { parsePolicy, SlaPolicyInput } from './sla-policies.service';

function fieldErrors(input: SlaPolicyInput) {
  try {
    parsePolicy(input);
  } catch (e) {
    if (e instanceof ValidationFailed) return e.errors.map((x) => [x.field, x.message]);
    throw e;
  }
  throw new Error('expected the policy to be refused');
}

describe(parsePolicy.name, () => {
  it('reads whole numbers within the limits, spaces around them allowed', () => {
    expect(parsePolicy({ verificationDays: ' 1 ', complaintDays: '250', examinationDays: '60', feedbackDays: '30' })).toEqual({
      verificationDays: 1,
      complaintDays: 250,
      examinationDays: 60,
      feedbackDays: 30,
    });
  });

  it('refuses each bad field beside it: empty, out of range, not a whole number', () => {
    expect(fieldErrors({ verificationDays: '', complaintDays: '0', examinationDays: '1.5', feedbackDays: '31' })).toEqual([
      ['verification_days', 'sla_policy.required'],
      ['complaint_days', 'sla_policy.range_working'],
      ['examination_days', 'sla_policy.range_working'],
      ['feedback_days', 'sla_policy.range_calendar'],
    ]);
    expect(fieldErrors({ verificationDays: '61', complaintDays: '-3', examinationDays: '1e2', feedbackDays: '0x1' }).map(([field]) => field)).toEqual([
      'verification_days',
      'complaint_days',
      'examination_days',
      'feedback_days',
    ]);
  });
});
