import { createTestDatabase, TestDatabase } from './support/database';

describe('database migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('creates the schema and seeds categories and OPDs', async () => {
    const [{ n: categories }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM categories');
    const [{ n: opds }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM opds');
    expect(Number(categories)).toBe(10);
    expect(Number(opds)).toBe(45);
  });

  it('refuses a case whose anonymous flag contradicts its identity', async () => {
    await expect(
      db.query(`INSERT INTO cases (id, number, receipt_lookup, reporter_salt, reporter_content_key, category_code, channel,
        anonymous, report, identity, reporter_identity_key, submitted_at, updated_at)
        VALUES (gen_random_uuid(), 'X', decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'), '\\x00',
        'corruption', 'web', true, '\\x00', '\\x00', '\\x00', now(), now())`),
    ).rejects.toThrow(/check constraint/);
  });
});
