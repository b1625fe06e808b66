import { describe, expect, it } from 'vitest';
import { configFromEnv, CoreConfigSchema, mergeConfig } from './config.ts';

describe('core configuration', () => {
  it('reads the documented environment variables', () => {
    const parsed = CoreConfigSchema.parse(
      mergeConfig(
        {},
        configFromEnv({ KIOSK_DATA_DIR: '/tmp/k', KIOSK_IDCARD_PORT: '/dev/ttyUSB0', KIOSK_IDLE_SECONDS: '90', KIOSK_ALLOWED_ORIGINS: 'app://kiosk, http://x:1' }),
      ),
    );
    expect(parsed.idCard.port).toBe('/dev/ttyUSB0');
    expect(parsed.idCard.baudRate).toBe(115200);
    expect(parsed.idleSeconds).toBe(90);
    expect(parsed.countdownSeconds).toBe(30);
    expect(parsed.allowedOrigins).toEqual(['app://kiosk', 'http://x:1']);
  });

  it('lets the environment override the provisioning file, field by field', () => {
    const parsed = CoreConfigSchema.parse(
      mergeConfig({ dataDir: '/var/kiosk', idleSeconds: 200, idCard: { port: '/dev/ttyS0', baudRate: 9600 } }, configFromEnv({ KIOSK_IDCARD_BAUD: '115200' })),
    );
    expect(parsed.idleSeconds).toBe(200);
    expect(parsed.idCard).toMatchObject({ port: '/dev/ttyS0', baudRate: 115200 });
  });

  it('refuses nonsense instead of guessing', () => {
    expect(CoreConfigSchema.safeParse(mergeConfig({}, configFromEnv({ KIOSK_DATA_DIR: '/d', KIOSK_IDLE_SECONDS: '2' }))).success).toBe(false);
    expect(CoreConfigSchema.safeParse(mergeConfig({}, configFromEnv({ KIOSK_DATA_DIR: '/d', KIOSK_TECH_PIN: '12ab' }))).success).toBe(false);
    expect(CoreConfigSchema.safeParse(mergeConfig({}, configFromEnv({ KIOSK_DATA_DIR: '/d', KIOSK_ALLOWED_ORIGINS: 'javascript:alert(1)' }))).success).toBe(false);
  });
});
