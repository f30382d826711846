import { loadConfig, type Config, type Env } from '../config/config';
import { ConfigError } from '../config/config-error';
import { errorAnswer, type HttpAnswer } from './http-answer';

/**
 * The configuration, or the 503 a JSON endpoint answers when it is broken: the variable is named
 * in the Function's log, not to whoever asks.
 */
export function configOrAnswer(env: Env): Config | HttpAnswer {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Switchboard configuration: ${error.message}`);
    return errorAnswer(503, 'SB_CONFIG', {}, `Switchboard is not configured: ${error.variable} needs fixing (see the Function's log).`);
  }
}
