import { decisionStage } from './decision-stage';

describe('decisionStage', () => {
  it('counts moves out of received or verifying as verifications', () => {
    expect(decisionStage('received', 'closed')).toBe('verification');
    expect(decisionStage('verifying', 'investigating')).toBe('verification');
    expect(decisionStage('verifying', 'closed')).toBe('verification');
  });

  it('counts a move from investigating to closed as an investigation', () => {
    expect(decisionStage('investigating', 'closed')).toBe('investigation');
  });

  it('counts no other move: into verifying, or a reopening', () => {
    expect(decisionStage('received', 'verifying')).toBeNull();
    expect(decisionStage('closed', 'investigating')).toBeNull();
    expect(decisionStage('closed', 'verifying')).toBeNull();
  });
});
