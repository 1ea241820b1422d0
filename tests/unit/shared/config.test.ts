import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../functions/shared/config.js';

describe('loadConfig', () => {
  it('gives local defaults with no environment', () => {
    const config = loadConfig({});
    expect(config.runtime).toBe('local');
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./.data');
    expect(config.tables.content).toBe('bhxh-content');
    expect(config.telegram.mode).toBe('webhook');
  });

  it('names every missing variable in Lambda', () => {
    const attempt = () => loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'fn', TABLE_CARDS: 'cards' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('TABLE_CONTENT');
      expect(problems).toContain('TABLE_STATE');
      expect(problems).not.toContain('TABLE_CARDS');
    }
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ AS_OF_DATE: '22/11/2026' })).toThrow(/AS_OF_DATE: must be YYYY-MM-DD/);
  });

  it('treats empty strings as absent', () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: '' }).telegram.botToken).toBeUndefined();
  });

  it('in Lambda requires the names of the tables the function is bound to, and only those', () => {
    const webhook = { RUNTIME: 'lambda', TABLE_STATE: 'prod-state', HASH_KEY: 'k' };
    expect(() => loadConfig(webhook)).toThrow(/TABLE_CONTENT: required in Lambda/);
    const config = loadConfig(webhook, { requiredTables: ['state'] });
    expect(config.tables.state).toBe('prod-state');
    expect(() => loadConfig({ RUNTIME: 'lambda' }, { requiredTables: ['state'] })).toThrow(
      /^Invalid configuration: TABLE_STATE: required in Lambda$/,
    );
  });
});
