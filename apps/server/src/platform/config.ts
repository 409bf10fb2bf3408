/**
 * Everything the server reads from the environment, read once at start.
 */
import type { SecurityProfile } from '@gongzhi/domain';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  profile: SecurityProfile;
  /** Base64 of 32 bytes; when absent a key file in dataDir is created on first start. */
  dataKey: string | undefined;
  logLevel: string;
  /** Idle timeouts in seconds, by the most privileged kind of role a user holds. */
  idleTimeout: { admin: number; staff: number; resident: number };
  /** Absolute session lifetime in seconds, however active. */
  sessionMaxAge: number;
  /** Login attempts per IP per minute. */
  loginRateLimit: number;
  trustProxy: boolean;
  /** Seed the demo district on first start. */
  seedDemo: boolean;
  webDist: string | undefined;
  runJobs: boolean;
  /** Map tile URL template ({z}/{x}/{y}) for the 活地图; null: the web draws a schematic of the points. */
  mapTiles: string | null;
}

function int(value: string | undefined, fallback: number): number {
  const n = value === undefined ? Number.NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) ? n : fallback;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.GONGZHI_DATA_DIR ?? './data',
    profile: env.GONGZHI_PROFILE === 'dengbao' ? 'dengbao' : 'asvs',
    dataKey: env.GONGZHI_DATA_KEY || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    idleTimeout: {
      admin: int(env.GONGZHI_IDLE_ADMIN_S, 15 * 60),
      staff: int(env.GONGZHI_IDLE_STAFF_S, 30 * 60),
      // Residents on their own phones stay signed in for a week of inactivity.
      resident: int(env.GONGZHI_IDLE_RESIDENT_S, 7 * 24 * 3600),
    },
    sessionMaxAge: int(env.GONGZHI_SESSION_MAX_AGE_S, 30 * 24 * 3600),
    loginRateLimit: int(env.GONGZHI_LOGIN_RATE_LIMIT, 20),
    trustProxy: env.GONGZHI_TRUST_PROXY === '1',
    seedDemo: env.GONGZHI_SEED_DEMO !== '0',
    webDist: env.GONGZHI_WEB_DIST,
    runJobs: env.GONGZHI_JOBS !== '0',
    mapTiles: env.GONGZHI_MAP_TILES || null,
  };
}
