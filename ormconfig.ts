import { DataSource } from 'typeorm';
import { loadConfig } from './src/platform/config/app-config';
import { migrationDataSourceOptions } from './src/platform/database/data-source-options';
import { MIGRATIONS } from './src/migrations';

/**
 * For the TypeORM command line (e.g. `npx typeorm migration:show -d dist/ormconfig.js`).
 * The app itself runs migrations through `npm run cli -- migrate` and at start; with the
 * embedded database, start the app once first and point DATABASE_URL at it (see README).
 */
const config = loadConfig();
if (!config.databaseUrl) {
  throw new Error('Set DATABASE_URL to use the TypeORM command line (the embedded server address is in DATA_DIR/postgres.json).');
}
export default new DataSource(migrationDataSourceOptions(config.databaseUrl, config.tzName, MIGRATIONS));
