import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasKey } from '../platform/i18n/i18n';
import { CHANNELS, OPEN_STATUSES, OUTCOMES } from '../cases';
import { BREACH_KINDS } from './stats-dashboard';
import './insights.i18n';

describe('insights dictionary', () => {
  it('has every key the templates and the code use, in both languages', () => {
    const sources = [
      path.join(__dirname, 'views', 'insights', 'dashboard.hbs'),
      ...fs
        .readdirSync(__dirname)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
        .map((f) => path.join(__dirname, f)),
    ];
    const used = new Set<string>();
    for (const file of sources) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/['"](insights\.[a-z_]+(?:\.[a-z_]+)?)['"]/g)) used.add(m[1]);
    }
    for (const [prefix, values] of [
      ['channel', CHANNELS],
      ['status', OPEN_STATUSES],
      ['outcome', OUTCOMES],
      ['kind', BREACH_KINDS],
    ] as const) {
      for (const v of values) used.add(`insights.${prefix}.${v}`);
    }
    for (const k of ['reports', 'open', 'verification', 'investigation', 'within_sla', 'closure', 'median', 'small_groups', 'small_groups_off']) used.add(`insights.def_${k}`);
    expect(used.size).toBeGreaterThan(60);
    expect([...used].filter((k) => !hasKey(k))).toEqual([]);
  });
});
