import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MIGRATIONS, migrationTimestamp } from '.';

const SRC = join(__dirname, '..');

/** Every `<13 digits>-name.ts` file in a `migrations` folder under src/. */
function migrationFiles(): string[] {
  return readdirSync(SRC, { recursive: true })
    .map(String)
    .filter((f) => /(^|\/)migrations\/\d{13}-[a-z0-9-]+\.ts$/.test(f.split('\\').join('/')))
    .map((f) => relative(SRC, join(SRC, f)));
}

describe('MIGRATIONS', () => {
  it('holds every migration file of every module, each once', () => {
    const registered = MIGRATIONS.map((m) => String(migrationTimestamp(m))).sort();
    const files = migrationFiles()
      .map((f) => /(\d{13})-/.exec(f)![1])
      .sort();
    expect(registered).toEqual(files);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('runs them in timestamp order', () => {
    const stamps = MIGRATIONS.map(migrationTimestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(MIGRATIONS[0].name).toBe('ReporterChannel1764300000000');
  });
});
