import { parseCaseReference } from './case-reference';

describe('parseCaseReference', () => {
  it('reads a case number as people type it', () => {
    expect(parseCaseReference('WBS-2026-00001')).toEqual({ number: 'WBS-2026-00001' });
    expect(parseCaseReference(' wbs-2026-00042 ')).toEqual({ number: 'WBS-2026-00042' });
    expect(parseCaseReference('WBS - 2026 - 42')).toEqual({ number: 'WBS-2026-00042' });
    expect(parseCaseReference('WBS-2026-123456')).toEqual({ number: 'WBS-2026-123456' });
  });
  it('still takes the internal id', () => {
    expect(parseCaseReference('0A6B2C1E-1111-4222-8333-444455556666')).toEqual({ id: '0a6b2c1e-1111-4222-8333-444455556666' });
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'WBS-26-00001', '2026-00001', 'WBS-2026-', 'abc', '0a6b2c1e-1111', 42, null, undefined]) expect(parseCaseReference(bad)).toBeNull();
  });
});
