import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import ts from 'typescript';

/**
 * Table ownership (docs/architecture.md): every table belongs to one module, and only that
 * module's code names it in SQL. Others ask the owner's exported service or react to its
 * events. This test reads every string in every non-test, non-migration .ts file under src/,
 * finds the tables its SQL names, and fails on a table named outside its owner. Another module
 * asks the owner's exported service or read interface, or reads a view the owner publishes.
 */
export const TABLE_OWNERS: Record<string, readonly string[]> = {
  platform: ['outbox', 'event_deliveries', 'rate_limit_counters', 'schema_migrations'],
  staff: ['staff', 'staff_sessions', 'staff_recovery_codes', 'staff_role_grants', 'app_settings', 'staff_names'],
  catalog: ['categories', 'opds', 'category_questions', 'category_names', 'opd_names'],
  cases: [
    'cases',
    'case_keys',
    'case_status_history',
    'case_messages',
    'case_attachments',
    'case_attachment_chunks',
    'case_assignments',
    'case_notes',
    'case_reads',
    'case_links',
    'case_labels',
    'case_label_assignments',
    'case_assignment_history',
    // views cases defines for insights' rebuild (read models over cases' own tables)
    'case_stats_moves',
    'case_stats_submissions',
    'case_stats_now',
    'case_label_stats',
    'identity_requests',
    'identity_request_keys',
    // cases/sla: deadlines and the rules (holidays, SLA policies) they are computed from
    'case_deadlines',
    'holidays',
    'holiday_years',
    'sla_breaches',
    'sla_policies',
    'sla_verification_repairs',
  ],
  intake: ['reporter_sessions', 'submission_keys', 'reporter_feedback', 'reporter_ratings'],
  notifications: ['mail_queue', 'notification_preferences'],
  audit: ['audit_log'],
  retention: ['retention_policies', 'retention_extensions', 'retention_periods'],
  insights: ['insights_case_now', 'insights_now', 'insights_counts', 'insights_counted_cases', 'insights_counted_moves', 'insights_open', 'insights_state'],
  branding: ['branding'],
  alerts: ['alert_readings', 'alerts_raised'],
};

/**
 * Views an owner defines so that other modules may read its data without knowing its tables
 * (the read-model route of docs/architecture.md): readable by every module, defined and changed
 * only by the owner's migrations.
 */
export const PUBLISHED_VIEWS: ReadonlySet<string> = new Set([
  'case_stats_submissions',
  'case_stats_moves',
  'case_stats_now',
  'staff_names',
  'case_label_stats',
  'reporter_ratings',
  'category_names',
  'opd_names',
  'retention_periods',
]);

const SRC = __dirname;
const OWNER_OF = new Map(Object.entries(TABLE_OWNERS).flatMap(([module, tables]) => tables.map((t) => [t, module] as const)));
/** A table follows one of these words in SQL (FROM a, JOIN b, INSERT INTO c, UPDATE d, DELETE FROM e, TRUNCATE f, …). */
const TABLE_AFTER = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|USING)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)\b/gi;

function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true })
    .map(String)
    .map((f) => f.split(sep).join('/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts'))
    .filter((f) => !/(^|\/)migrations\//.test(f));
}

/** Every string literal and template text in a file (the SQL is in them). */
function stringsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' $x '));
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `module table` for every known table a module's SQL names. */
function tablesNamedByModule(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of sourceFiles()) {
    const module = file.includes('/') ? file.split('/')[0] : 'app';
    for (const text of stringsOf(file)) {
      for (const m of text.matchAll(TABLE_AFTER)) {
        const table = m[1].toLowerCase();
        if (!OWNER_OF.has(table)) continue;
        const key = `${module} ${table}`;
        if (!found.has(key)) found.set(key, new Set());
        found.get(key)!.add(file);
      }
    }
  }
  return found;
}

/** Tables the migrations create (CREATE TABLE / CREATE UNLOGGED TABLE / CREATE VIEW). */
function createdTables(): string[] {
  const files = readdirSync(SRC, { recursive: true })
    .map(String)
    .map((f) => f.split(sep).join('/'))
    .filter((f) => /(^|\/)migrations\/\d{13}-[a-z0-9-]+\.ts$/.test(f));
  const names = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(SRC, f), 'utf8').matchAll(/CREATE (?:UNLOGGED )?(?:TABLE|VIEW|MATERIALIZED VIEW)(?: IF NOT EXISTS)? ([a-z_][a-z0-9_]*)/g)) names.add(m[1]);
  return [...names].sort();
}

describe('table ownership', () => {
  const named = tablesNamedByModule();
  const foreign = [...named.entries()]
    .map(([key, files]) => ({ module: key.split(' ')[0], table: key.split(' ')[1], files: [...files].sort() }))
    .filter((a) => OWNER_OF.get(a.table) !== a.module && a.module !== 'app' && !PUBLISHED_VIEWS.has(a.table));

  it('gives every table a module that owns it', () => {
    expect(createdTables().filter((t) => !OWNER_OF.has(t))).toEqual([]);
  });

  it('finds SQL in the sources (the scan itself works)', () => {
    expect(named.get('cases cases')?.size).toBeGreaterThan(0);
    expect(named.get('audit audit_log')?.size).toBeGreaterThan(0);
  });

  it('has no module name a table another module owns', () => {
    expect(foreign.map((a) => `${a.module} names ${a.table} (owned by ${OWNER_OF.get(a.table)}) in ${a.files.join(', ')}`)).toEqual([]);
  });

  it('keeps the root out of SQL: the composition root wires modules and names no table', () => {
    expect([...named.keys()].filter((k) => k.startsWith('app '))).toEqual([]);
  });
});

/** Where SQL may live: repositories, the database layer itself (pool, migrator, embedded server), migrations. */
function mayHoldSql(file: string): boolean {
  return file.endsWith('.repository.ts') || file.startsWith('platform/database/');
}

/** Files whose code runs a statement (`x.query(...)`) or whose strings name a known table in SQL. */
function filesWithSql(): string[] {
  const withTables = new Set([...tablesNamedByModule().values()].flatMap((files) => [...files]));
  return sourceFiles()
    .filter((f) => withTables.has(f) || /\.query(?:<[^>(]*>)?\(/.test(readFileSync(join(SRC, f), 'utf8')))
    .sort();
}

/**
 * Where TypeORM entities may be used: repositories, the module that registers them
 * (`*.module.ts`), and the database layer. An entity's data methods (`findOne`, `update`,
 * `getRepository`...) are SQL by other means, so a file that imports an entity could run them.
 */
function mayUseEntities(file: string): boolean {
  return mayHoldSql(file) || file.endsWith('.module.ts');
}

/** Files that import a `*.entity` file. */
function filesImportingEntities(): string[] {
  return sourceFiles()
    .filter((f) => /from '[^']+\.entity'/.test(readFileSync(join(SRC, f), 'utf8')))
    .sort();
}

describe('SQL lives in repositories', () => {
  const outside = filesWithSql().filter((f) => !mayHoldSql(f));

  it('finds no SQL outside repositories and the database layer', () => {
    expect(outside).toEqual([]);
  });

  it('finds entity imports (the scan itself works)', () => {
    expect(filesImportingEntities()).toContain('staff/staff-accounts.repository.ts');
  });

  it('keeps entities, and so their data methods, in repositories, module wiring and the database layer', () => {
    expect(filesImportingEntities().filter((f) => !mayUseEntities(f))).toEqual([]);
  });
});

/** Modules: the folders directly under src/ (the composition root's `migrations/` is not one). */
function moduleNames(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'migrations')
    .map((d) => d.name);
}

/**
 * The module graph as the imports make it, in the diagram's notation: `a --> b` when a module
 * imports another's API, `a -. events .-> b` when b imports a's events (b reacts to them).
 * `platform` is left out, as in the diagram: every module uses it.
 */
function importGraph(): string[] {
  const modules = new Set(moduleNames());
  const edges = new Set<string>();
  for (const file of sourceFiles()) {
    const from = file.split('/')[0];
    if (!modules.has(from)) continue;
    for (const m of readFileSync(join(SRC, file), 'utf8').matchAll(/from '(\.[^']+)'/g)) {
      const target = join(file, '..', m[1]).split(sep).join('/');
      const to = target.split('/')[0];
      if (to === from || to === 'platform' || !modules.has(to)) continue;
      edges.add(target.split('/').includes('events') ? `${to} -. events .-> ${from}` : `${from} --> ${to}`);
    }
  }
  return [...edges].sort();
}

describe('docs/architecture.md diagram', () => {
  it('draws exactly the calls and event subscriptions the imports make', () => {
    const doc = readFileSync(join(SRC, '..', 'docs', 'architecture.md'), 'utf8');
    const mermaid = doc.slice(doc.indexOf('```mermaid'), doc.indexOf('```', doc.indexOf('```mermaid') + 3));
    const drawn = mermaid
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^[a-z]+ (-->|-\. events \.->) [a-z]+$/.test(l))
      .sort();
    expect(drawn).toEqual(importGraph());
  });
});

describe('docs/architecture.md table of owners', () => {
  it('names for each module exactly the tables TABLE_OWNERS gives it', () => {
    const doc = readFileSync(join(SRC, '..', 'docs', 'architecture.md'), 'utf8');
    const documented: Record<string, string[]> = {};
    for (const line of doc.split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      const module = /^([a-z]+)(?: \(|$)/.exec(cells[1] ?? '')?.[1];
      if (!module || !(module in TABLE_OWNERS) || cells.length < 4) continue;
      documented[module] = [...cells[2].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort();
    }
    expect(documented).toEqual(Object.fromEntries(Object.entries(TABLE_OWNERS).map(([m, tables]) => [m, [...tables].sort()])));
  });
});
