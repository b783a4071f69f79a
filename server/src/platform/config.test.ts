import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to embedded PGlite on port 8080', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      embedded: true,
      PORT: 8080,
      TANDEM_DATA_DIR: './data',
      publicUrl: 'http://localhost:8080',
    });
  });

  it('lists every invalid setting with what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', TANDEM_DATABASE_URL: 'mysql://x', TANDEM_LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT:');
    expect(message).toContain('TANDEM_DATABASE_URL: must be a postgres:// connection URL');
    expect(message).toContain('TANDEM_LOG_LEVEL:');
  });

  it('reads an optional KEY=VALUE file under the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-config-'));
    const file = join(dir, 'tandem.env');
    writeFileSync(file, '# comment\nPORT=9090\nTANDEM_LOG_LEVEL=debug\n');
    const config = loadConfig({ TANDEM_CONFIG_FILE: file, TANDEM_LOG_LEVEL: 'warn' });
    expect(config.PORT).toBe(9090);
    expect(config.TANDEM_LOG_LEVEL).toBe('warn');
  });

  it('is documented in docs/cli-and-configuration.md, every variable of it', () => {
    const doc = readFileSync(new URL('../../../docs/cli-and-configuration.md', import.meta.url), 'utf8');
    for (const { name } of describeConfig())
      expect(doc, `docs/cli-and-configuration.md lacks ${name}`).toContain(`\`${name}\``);
  });
});
