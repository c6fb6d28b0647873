import { join } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the rule is CommonJS, loaded by eslint.config.mjs too
const rule = require('../eslint/module-boundaries.cjs');

/** The ESLint rule that keeps modules behind their index.ts (docs/architecture.md). */
const SRC = __dirname;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never } });
const at = (...p: string[]) => join(SRC, ...p);

// RuleTester makes its own describe/it blocks: valid imports pass, each invalid one is reported.
describe('wbs/module-boundaries', () => {
  {
    tester.run('module-boundaries', rule, {
      valid: [
        { filename: at('retention', 'retention.service.ts'), code: "import { CaseStore } from '../cases';" },
        { filename: at('audit', 'audit-events.subscriber.ts'), code: "import { CaseAssigned } from '../cases/events/case-events';" },
        { filename: at('audit', 'audit-events.subscriber.ts'), code: "import { SlaDeadlineBreached } from '../cases/sla/events/sla-events';" },
        { filename: at('retention', 'retention.module.ts'), code: "import { CasesModule } from '../cases/cases.module';" },
        { filename: at('app.module.ts'), code: "import { CasesModule } from './cases/cases.module';" },
        { filename: at('migrations', 'index.ts'), code: "import { CASES_MIGRATIONS } from '../cases/migrations';" },
        { filename: at('cases', 'case-store.ts'), code: "import { AttachmentStore } from './attachment-store';" },
        { filename: at('cases', 'case-store.ts'), code: "import { Clock } from '../platform/clock/clock';" },
      ],
      invalid: [
        { filename: at('retention', 'retention.job.ts'), code: "import { CaseStore } from '../cases/case-store';", errors: [{ messageId: 'deep' }] },
        { filename: at('cases', 'sla', 'x.ts'), code: "import { StaffService } from '../../staff/staff.service';", errors: [{ messageId: 'deep' }] },
        { filename: at('retention', 'retention.service.ts'), code: "import { CasesModule } from '../cases/cases.module';", errors: [{ messageId: 'deep' }] },
        { filename: at('insights', 'insights.module.ts'), code: "import { X } from '../cases/migrations';", errors: [{ messageId: 'deep' }] },
        { filename: at('platform', 'http', 'x.ts'), code: "import { StaffService } from '../../staff';", errors: [{ messageId: 'platform' }] },
        { filename: at('platform', 'database', 'migrations', 'index.ts'), code: "import { X } from '../../../cases/migrations';", errors: [{ messageId: 'platform' }] },
      ],
    });
  }
});
