import { ConfigError, loadConfig, type Config } from './config.ts';
import {
  JurisdictionFileError,
  loadJurisdictions,
  type JurisdictionRegistry,
} from './jurisdictions/jurisdiction-registry.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { connectMongo, ensureIndexes } from './platform/mongo.ts';
// Every model registers itself on import, so ensureIndexes() sees them all.
import './models.ts';

export interface Booted {
  config: Config;
  logger: Logger;
  jurisdictions: JurisdictionRegistry;
}

/**
 * The start of every process (web, worker, seed): config first, then the
 * jurisdiction rules, then MongoDB with its indexes. A bad config or rules file
 * stops the process with one message naming every problem.
 */
export async function boot(name: string): Promise<Booted> {
  let config: Config;
  let jurisdictions: JurisdictionRegistry;
  try {
    config = loadConfig();
    jurisdictions = loadJurisdictions();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof JurisdictionFileError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config, name);
  await connectMongo(config.MONGODB_URI, logger);
  await ensureIndexes();
  return { config, logger, jurisdictions };
}
